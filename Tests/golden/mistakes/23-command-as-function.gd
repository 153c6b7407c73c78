# A command called like a Python function with positional arguments.
loss(θ) = (θ - 2)^2
descend(loss, 0, 0.001)
