# Rate 2 is too large: the run diverges, and gd suggests a smaller rate.
f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
descend f from 4 rate 2
