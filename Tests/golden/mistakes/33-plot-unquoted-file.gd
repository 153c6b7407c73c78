# A plot's file name without quotes.
f(x) = x^2
plot f from 0 to 1 to f.svg
