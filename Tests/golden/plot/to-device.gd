# A plot is written only to a regular file: the null device is refused, not replaced.
f(x) = x^2
plot f from 0 to 1 to "/dev/null"
