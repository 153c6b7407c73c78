# Lecture 3: bias and variance. 50 samples of y = sin(πx) + ε, ε ~ N(0, 0.1²)
# (seeded), fitted by polynomials g_n(x) = θ0 + θ1 x + … + θn x^n of degree
# 1, 3 and 9, each the exact least-squares fit from its normal equations.
x = linspace(-1, 1, 50)
D = table(x = x, y = sin(pi*x) + 0.1*randn(50, 7))
fit(θ) = (y - polyval(θ, x))^2
r1 = solve fit on D from (θ = zeros(2))
r3 = solve fit on D from (θ = zeros(4))
r9 = solve fit on D from (θ = zeros(10))
# The same fits by least squares on the Vandermonde matrix:
polyfit(D.x, D.y, 3)
vander([0.5, 2], 3)
# Error on the training points against fresh samples from the same source:
x2 = 2*rand(50, 8) - 1
F = table(x = x2, y = sin(pi*x2) + 0.1*randn(50, 9))
[(fit on D)(r1.θ), (fit on D)(r3.θ), (fit on D)(r9.θ)]
[(fit on F)(r1.θ), (fit on F)(r3.θ), (fit on F)(r9.θ)]
# Ridge (λ = 0.01) tames degree 9:
ridge(θ) = (y - polyval(θ, x))^2 + 0.01*sum(θ^2)
r = solve ridge on D from (θ = zeros(10))
(fit on F)(r.θ)
g1(x) = polyval(r1.θ, x)
g3(x) = polyval(r3.θ, x)
g9(x) = polyval(r9.θ, x)
plot D.x, D.y, g3
plot g1, g3, g9 from -1 to 1
# A loss that is not quadratic in θ has no normal equations:
curve(θ) = (y - exp(θ[0]*x))^2
solve curve on D from (θ = zeros(1))
