# A folder is not a file to write a plot to.
f(x) = x^2
plot f from 0 to 1 to "."
