# Another misspelled command.
f(x) = x^2
minimze f from 1
