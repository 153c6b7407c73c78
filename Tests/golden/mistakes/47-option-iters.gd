# An iteration count under another library's name: minimize says maxiter.
f(x) = x^2
minimize f from 1 iters 10
