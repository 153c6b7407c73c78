# SciPy's x0 for the start.
f(x) = x^2
minimize f x0 1
