# Three learning rates: too small, right, too large.
f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
small = descend f from 4 rate 0.01 steps 40;
right = descend f from 4 rate 0.3 steps 40;
large = descend f from 4 rate 1 steps 40;
plot small, right, large
plot small, right, large ascii
