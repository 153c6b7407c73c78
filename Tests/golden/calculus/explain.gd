# explain shows each step: the sub-expression, the rule, and its result.
explain diff((θ - 2)^2, θ)
f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
explain f'
g(x, y) = 4x^2 + y^2
explain grad(g)
