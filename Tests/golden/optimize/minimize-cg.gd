# Nonlinear conjugate gradients (Polak–Ribière+): no matrix kept at all.
bowl(a, b, c) = 4a^2 + b^2 + 10c^2 + a*b
minimize bowl from [1, 1, 1] method cg
