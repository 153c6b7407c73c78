# The math module's prefix.
math.exp(1)
