# Lecture 3: strategy #1, random search (random weights, keep the best),
# against following the slope, on the same softmax classifier; between them
# random local search (a random step, kept when it lowers the loss).
# Each search evaluates the loss over all 99 rows 1001 times; sgd below
# takes 400 steps on batches of 32 rows (about 130 passes' worth of rows).
T = load("../../../scripts/data/iris-train.csv")
V = load("../../../scripts/data/iris-test.csv")
scores(W, b) = W @ [sepal_length, sepal_width, petal_length, petal_width] + b
loss(W, b) = crossentropy(scores(W, b), species) + 0.001*sum(W^2)
correct(W, b) = argmax(scores(W, b)) == species
# 1000 random W, b as the lecture draws them (randn * 0.0001):
r = search loss on T from (W = zeros(3, 4), b = zeros(3)) tries 1000 scale 0.0001 seed 1 every 250
# Random local steps, keeping a step only when it lowers the loss:
l = search loss on T from (W = zeros(3, 4), b = zeros(3)) tries 1000 scale 0.05 local seed 1 every 250
# Following the gradient, 100 epochs of sgd:
g = sgd loss on T from (W = zeros(3, 4), b = zeros(3)) rate 0.1 epochs 100 seed 1;
# The comparison in two numbers each: training loss and held-out accuracy.
[r.fun, l.fun, g.fun]
[(correct on V)(r.W, r.b), (correct on V)(l.W, l.b), (correct on V)(g.W, g.b)]
