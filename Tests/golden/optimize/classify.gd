# classify reads the Hessian's eigenvalues; stationary finds points with ∇F = 0.
saddle(x, y) = x^2 - y^2
classify saddle at [0, 0]
bowl(x, y) = 4x^2 + y^2
classify bowl at [0, 0]
classify bowl at [1, 1]
stationary bowl from [1, 1]
