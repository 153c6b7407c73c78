f(x) = (x - 2)^2
compare descend f from 4 rate 0.1, 0.1 steps 10
