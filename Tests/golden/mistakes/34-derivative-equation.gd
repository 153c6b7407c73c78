# An equation for a stationary point.
f(x) = (x - 1)^2
f'(x) = 0
