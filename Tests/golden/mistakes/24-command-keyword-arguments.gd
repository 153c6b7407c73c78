# A command called with keyword arguments.
loss(θ) = (θ - 2)^2
r = descend(loss, x0=1, lr=0.1)
