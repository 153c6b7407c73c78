# gradcheck compares the analytic gradient with central differences.
h(x, y) = x^2*y + sin(y)
gradcheck h at [1, 2]
# A hand-written gradient with a mistake in ∂/∂y is caught.
wrong(x, y) = [2x*y, x^2 + sin(y)]
gradcheck h at [1, 2] grad wrong
