f(x) = (x - 2)^2
compare plot f from 0 to 4
