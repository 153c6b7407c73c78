# Deck 002, "Learning rate": the optimal rate of each step is
# argmin over α of F(x − α∇F(x)). On the ravine, steepest descent with exact
# steps zig-zags: each step ends where the next gradient is perpendicular.
q(x, y) = x^2/2 + 25y^2
r = descend q from [1, 1] rate 0.1 steps 6 exact
r.rates
explain r step 1
