# Rate 1 overshoots: the iterates swing between about 5.10 and 5.48.
f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
r = descend f from 4 rate 1 steps 19
r.reason
