# Commands check their options before running.
f(x) = x^2
descend f from 1 rat 0.1
