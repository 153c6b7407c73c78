# The lectures' derivatives, simplified as a careful student would write them.
diff(10x^3*y^2 + 5x*y^3 + 4x + y, x)
diff(10x^3*y^2 + 5x*y^3 + 4x + y, y)
g(x, y) = 4x^2 + y^2
grad(g)
grad(g)(1, 2)
h(θ0, θ1) = 8θ0^2 + 3θ0*θ1
grad(h)
hessian(h)
hessian(h)(1, 1)
# The secret-number game: squared loss of y = x + θ at the point (3, 5).
diff((θ - 2)^2, θ)
# Squared loss of one row.
diff((y - θ0*x0 - θ1*x1)^2, θ0)
