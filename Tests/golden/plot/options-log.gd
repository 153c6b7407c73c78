# log: a logarithmic y axis, for values that span decades.
plot exp from 0 to 10 log
f(x) = (x - 2)^2
r = descend f from 5 rate 0.1 steps 40;
plot r log ylim [1e-6, 10]
