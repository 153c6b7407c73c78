# The secret number by SGD: clean data reaches θ = 2, noisy data θ = 2 with loss 2.5.
clean = load("../../../scripts/data/secret.csv")
noisy = load("../../../scripts/data/secret-noisy.csv")
loss(θ) = (y - x - θ)^2
r = sgd loss on clean from 0 rate 0.1 batch 1 epochs 60 every 20
r.x
abs(r.x - 2) < 1e-10
n = sgd loss on noisy from 0 rate 0.05 batch all epochs 200 every 50
n.fun
