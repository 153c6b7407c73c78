g(x, y) = hessian(g, [x, y])
g(1, 2)
