# Every update rule of sgd works in descend too (one implementation, Core/UpdateRule.swift).
# An elongated quadratic (a ravine): curvature 1 along x, 50 along y.
q(x, y) = x^2/2 + 25y^2
descend q from [1, 1] rate 0.03 steps 12
descend q from [1, 1] rate 0.03 steps 12 momentum 0.5
descend q from [1, 1] rate 0.03 steps 12 optimizer nesterov
descend q from [1, 1] rate 0.5 steps 12 optimizer adagrad
descend q from [1, 1] rate 0.05 steps 12 optimizer rmsprop rho 0.9
a = descend q from [1, 1] rate 0.1 steps 12 optimizer adam beta1 0.8 eps 1e-6
a.optimizer
[a.beta1, a.beta2, a.eps]
a.rate
# the defaults are PyTorch's
r = descend q from [1, 1] steps 1 optimizer rmsprop;
[r.rho, r.eps]
g = descend q from [1, 1] steps 1 optimizer adagrad;
g.eps
