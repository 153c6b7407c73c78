# The lectures' α, spelled alpha.
loss(θ) = (θ - 2)^2
descend loss from 0 alpha 0.1
