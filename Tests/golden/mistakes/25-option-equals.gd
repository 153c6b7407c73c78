# An option written with '='.
loss(θ) = (θ - 2)^2
descend loss from 0 rate=0.1
