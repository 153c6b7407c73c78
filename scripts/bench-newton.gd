# Classic smooth test functions for `minimize … method newton`, none of them in
# the Moré–Garbow–Hillstrom set of Tests/golden/mgh (so no Rosenbrock, Beale,
# Wood/Colville, Powell). Sources: Jamil & Yang, "A literature survey of
# benchmark functions for global optimisation problems" (2013), and Surjanovic
# & Bingham's Virtual Library of Simulation Experiments (sfu.ca/~ssurjano).
# scripts/bench-newton.py reads each definition line (NAME(params) = formula)
# both into gd and, with ^ read as **, into SymPy for SciPy's exact derivatives.
# The comment above each line: the known global minimum.

# 0 at (1, 3)
booth(x, y) = (x + 2*y - 7)^2 + (2*x + y - 5)^2
# 0 at (0, 0)
matyas(x, y) = 0.26*(x^2 + y^2) - 0.48*x*y
# 0 at (3, 2), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)
himmelblau(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2
# 0 at (0, 0); two more local minima
threehump(x, y) = 2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2
# -1.0316 at (0.0898, -0.7126) and (-0.0898, 0.7126); four more local minima
sixhump(x, y) = (4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2
# 3 at (0, -1); several local minima
goldsteinprice(x, y) = (1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))*(30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))
# -1.9133 at (-0.54719, -1.54719) on the usual box; unbounded below along x = y
mccormick(x, y) = sin(x + y) + (x - y)^2 - 1.5*x + 2.5*y + 1
# -2.3458 at (4, 2); unbounded below as y → −∞
hosaki(x, y) = (1 - 8*x + 7*x^2 - (7/3)*x^3 + (1/4)*x^4)*y^2*exp(-y)
# -78.332 at (-2.903534, -2.903534)
styblinski(x, y) = (x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)/2
# 0 at (0, 0, 0)
zakharov(x, y, z) = x^2 + y^2 + z^2 + (0.5*x + y + 1.5*z)^2 + (0.5*x + y + 1.5*z)^4
# -16 at (4, 6, 6, 4)
trid(w, x, y, z) = (w - 1)^2 + (x - 1)^2 + (y - 1)^2 + (z - 1)^2 - (w*x + x*y + y*z)
# 0 at (1, ±1/√2, ±2^(-3/4))
dixonprice(x, y, z) = (x - 1)^2 + 2*(2*y^2 - x)^2 + 3*(2*z^2 - y)^2
# 0 at (0, 0, 0)
sphere(x, y, z) = x^2 + y^2 + z^2
# 0 at (0, 0, 0)
sumsquares(x, y, z) = x^2 + 2*y^2 + 3*z^2
# 0 at (0, 0, 0)
rotatedellipsoid(x, y, z) = x^2 + (x + y)^2 + (x + y + z)^2
# 0 at (0, 0); many local minima
bohachevsky1(x, y) = x^2 + 2*y^2 - 0.3*cos(3*pi*x) - 0.4*cos(4*pi*y) + 0.7
# 0 at (0, 0); many local minima
bohachevsky2(x, y) = x^2 + 2*y^2 - 0.3*cos(3*pi*x)*cos(4*pi*y) + 0.3
# -1 at (π, π); flat far from it
easom(x, y) = -cos(x)*cos(y)*exp(-((x - pi)^2 + (y - pi)^2))
# 0 at (1, 1); many local minima
levy(x, y) = sin(pi*(1 + (x - 1)/4))^2 + ((x - 1)/4)^2*(1 + 10*sin(pi*(1 + (x - 1)/4) + 1)^2) + ((y - 1)/4)^2*(1 + sin(2*pi*(1 + (y - 1)/4))^2)
# 0.397887 at (-π, 12.275), (π, 2.275), (9.42478, 2.475)
branin(x, y) = (y - 5.1/(4*pi^2)*x^2 + 5/pi*x - 6)^2 + 10*(1 - 1/(8*pi))*cos(x) + 10
# 0 at (1, 1)
leon(x, y) = 100*(y - x^3)^2 + (1 - x)^2
# 0 at (0, 0) and (-2, 0)
treccani(x, y) = x^4 + 4*x^3 + 4*x^2 + y^2
# about 0 at (-10, -10)
brent(x, y) = (x + 10)^2 + (y + 10)^2 + exp(-x^2 - y^2)
# 0 at (0, 0), a degenerate minimum (the Hessian vanishes there)
chungreynolds(x, y) = (x^2 + y^2)^2
# 0 at (0, 0, 0), degenerate
quartic(x, y, z) = x^4 + 2*y^4 + 3*z^4
# -1 at (0, 0)
expbowl(x, y) = -exp(-0.5*(x^2 + y^2))
# -0.003791 at (-0.0299, 0)
zettl(x, y) = (x^2 + y^2 - 2*x)^2 + 0.25*x
# -24777 at (0, ±15); badly scaled
deckkersaarts(x, y) = 100000*x^2 + y^2 - (x^2 + y^2)^2 + 0.00001*(x^2 + y^2)^4
# 1.712780 at (3.40919, -2.17143)
elattar(x, y) = (x^2 + y - 10)^2 + (x + y^2 - 7)^2 + (x^2 + y^3 - 1)^2
# 0 at (0, 0); many local minima
rastrigin(x, y) = 20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)
# 0 at (0, 0); many local minima
griewank(x, y) = 1 + (x^2 + y^2)/4000 - cos(x)*cos(y/sqrt(2))
# 0 at (1, 2) and (1.597, 0.806)
wayburnseader(x, y) = (x^6 + y^4 - 17)^2 + (2*x + y - 4)^2
# -3.86278 at (0.114614, 0.555649, 0.852547)
hartmann(x, y, z) = -(exp(-(3*(x - 0.3689)^2 + 10*(y - 0.117)^2 + 30*(z - 0.2673)^2)) + 1.2*exp(-(0.1*(x - 0.4699)^2 + 10*(y - 0.4387)^2 + 35*(z - 0.747)^2)) + 3*exp(-(3*(x - 0.1091)^2 + 10*(y - 0.8732)^2 + 30*(z - 0.5547)^2)) + 3.2*exp(-(0.1*(x - 0.03815)^2 + 10*(y - 0.5743)^2 + 35*(z - 0.8828)^2)))
# -3873.7243 at (0.19388, 0.48513)
quadratic(x, y) = -3803.84 - 138.08*x - 232.92*y + 128.08*x^2 + 203.64*y^2 + 182.25*x*y
# 0.9 at (0, 0)
price(x, y) = 1 + sin(x)^2 + sin(y)^2 - 0.1*exp(-x^2 - y^2)
