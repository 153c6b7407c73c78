# A one-parameter minimize: the report and r.x both give a number, and r.x[0] says why it fails.
f(x) = (x - 3)^2
r = minimize f from 0
r.x
r.x[0]
