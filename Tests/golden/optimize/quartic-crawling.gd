# Rate 0.001 is too small: the run crawls.
f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
descend f from 4 rate 0.001 steps 100
