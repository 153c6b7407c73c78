# legend "a, b": names for the series, in order, instead of their expressions.
f(x) = (x - 2)^2
r1 = descend f from 5 rate 0.1 steps 12;
r2 = descend f from 5 rate 0.3 steps 12;
plot r1, r2 legend "rate 0.1, rate 0.3"
plot sin, cos from 0 to 2pi legend "sine, cosine" ascii
