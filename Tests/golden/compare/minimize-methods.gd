# compare minimize: each method's loss per iteration (.losses), SciPy's fields.
rosen(x, y) = (1 - x)^2 + 100(y - x^2)^2
c = compare minimize rosen from [-1.2, 1] method bfgs, cg, nelder-mead ascii
c.runs.bfgs.status
c.runs.bfgs.hess_inv
c.runs["nelder-mead"].njev
# Deck 001: minimize(arbitrary, x0 = 6); SciPy's hess_inv 0.47465475 comes from
# finite-difference gradients, gd's from exact ones.
f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
m = minimize f from 6;
[m.nit, m.status]
m.hess_inv
m.losses
