f(x) = x^4
solve f
