# e^2x is e^2*x: a warning.
x = 0.5
e^2x
e^(2x)
