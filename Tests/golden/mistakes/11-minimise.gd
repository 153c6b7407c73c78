# The British spelling of a command.
f(x) = x^2
minimise f from 1
