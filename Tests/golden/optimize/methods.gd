# Each minimize method is its own algorithm; Nelder–Mead uses no gradient.
rosen(a, b) = (1 - a)^2 + 100(b - a^2)^2
minimize rosen from [-1.2, 1]
minimize rosen from [-1.2, 1] method lbfgs
minimize rosen from [-1.2, 1] method newton
minimize rosen from [-1.2, 1] method cg
minimize rosen from [-1.2, 1] method nelder-mead
