# Deck 002 (Sapienza), "Decay and momentum": momentum against plain descent in
# a ravine (Goh, "Why momentum really works"): curvature 1 along x, 50 along y.
# Plain descent (momentum 0) must keep the rate below 2/50 for y and then
# crawls along x; momentum λ carries it along the valley (best near
# Goh's ((√50 − 1)/(√50 + 1))² ≈ 0.57); too much (0.9) swings across it.
# scripts/descend_reference.py --ravine reproduces c.fun with a plain loop.
q(x, y) = x^2/2 + 25y^2
c = compare descend q from [1, 1] rate 0.035 steps 60 momentum 0, 0.5, 0.7, 0.9
c.fun
# The adaptive rules on the same ravine: each scales every coordinate's step.
compare descend q from [1, 1] rate 0.1 steps 60 optimizer adam, rmsprop, adagrad
