# BFGS (the default): quasi-Newton with a Wolfe line search, as SciPy's.
rosen(a, b) = (1 - a)^2 + 100(b - a^2)^2
r = minimize rosen from [-1.2, 1]
r.nfev + r.njev
