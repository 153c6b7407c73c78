# A command given a call instead of a function's name.
f(x) = x^2
descend f(x) from 1
