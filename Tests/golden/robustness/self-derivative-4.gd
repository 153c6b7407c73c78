f(x) = diff(hessian(g), x)
g(x, y) = diff(f'(2), x, 1)
f(nan)
