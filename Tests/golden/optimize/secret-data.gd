# The secret number from data: y = x + θ with squared loss, clean and noisy.
clean = load("../../../scripts/data/secret.csv")
noisy = load("../../../scripts/data/secret-noisy.csv")
loss(θ) = (y - x - θ)^2
r = descend loss on clean from 0 rate 0.1
r.x
solve loss on clean
minimize loss on clean from 0
solve loss on noisy
minimize loss on noisy from 0
descend loss on noisy from 0 rate 0.1
