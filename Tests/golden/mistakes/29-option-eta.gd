# scikit-learn's eta0-style eta.
loss(θ) = (θ - 2)^2
descend loss from 0 eta 0.1
