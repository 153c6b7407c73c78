# L-BFGS: the two-loop recursion over the last 10 steps, for many parameters.
rosen4(a, b, c, d) = (1 - a)^2 + 100(b - a^2)^2 + (1 - c)^2 + 100(d - c^2)^2
minimize rosen4 from [-1.2, 1, -1.2, 1] method lbfgs
