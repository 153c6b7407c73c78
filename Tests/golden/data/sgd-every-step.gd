# Deck 000, "Stochastic Gradient Descent": each step sees a different batch, so
# the loss after each step zig-zags. every step prints one row per update (the
# loss over the whole table after it); plot R steps draws it. Both replay the
# run from its seed, so the numbers are the run's own.
D = table(x = [2, 3, 5, 8], y = [3, 6, 5, 12])
loss(θ) = (x + θ - y)^2
stochastic = sgd loss on D from 5 rate 0.1 batch 1 epochs 3 every step
minibatch = sgd loss on D from 5 rate 0.1 batch 2 epochs 6;
batch = sgd loss on D from 5 rate 0.1 batch all epochs 12;
plot stochastic, minibatch, batch steps
plot minibatch steps ascii
f(x) = x^2
r = descend f from 1 steps 3;
plot r steps
