# Treccani's function from [-1, 0.5]: F curves down along x there and the
# gradient has no x component (the trust-region subproblem's "hard case"), so a
# Newton step on the Hessian alone would never leave x = -1. The trust region
# steps along the direction of negative curvature and reaches a minimum.
T(x, y) = x^4 + 4*x^3 + 4*x^2 + y^2
classify T at [-1, 0.5]
minimize T from [-1, 0.5] method newton
