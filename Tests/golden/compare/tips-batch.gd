# Deck 000 and 001: stochastic (batch 1), mini-batch (32) and batch (all)
# gradient descent on the tips data, one seed, the same epochs.
tips = load("../../../scripts/data/tips.csv")
loss(θ0, θ1) = (tip - θ0 - θ1*total_bill)^2
c = compare sgd loss on tips from [0, 0] rate 0.001 epochs 20 batch 1, 32, all
c.runs.all.x
