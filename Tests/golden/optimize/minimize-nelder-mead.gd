# Nelder–Mead uses no gradient: njev is 0. It finds one of Himmelblau's four minima.
himmelblau(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2
r = minimize himmelblau from [0, 0] method nelder-mead
r.njev
minimize himmelblau from [-1, -1] method nelder_mead tol 1e-8
