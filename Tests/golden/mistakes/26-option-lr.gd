# PyTorch's name for the learning rate.
loss(θ) = (θ - 2)^2
descend loss from 0 lr 0.1
