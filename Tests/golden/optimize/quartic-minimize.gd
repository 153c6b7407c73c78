# BFGS with exact derivatives: the start decides which minimum.
f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
r = minimize f from 6
r.x
minimize f from 1
