# Gradient descent on the lecture quartic: rate 0.3 converges to the minimum near 5.3263.
f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
r = descend f from 4 rate 0.3 steps 19
r.path
r.steps
r.converged
