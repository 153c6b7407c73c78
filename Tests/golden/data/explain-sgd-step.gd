# explain R step K for sgd: the batch's rows, its mean gradient and each
# optimizer's state, replayed from the seed (the same doubles as the run).
D = table(x = [2, 3, 5, 8], y = [3, 6, 5, 12])
loss(θ) = (x + θ - y)^2
g = sgd loss on D from 5 rate 0.1 batch 2 epochs 3;
explain g step 3
a = sgd loss on D from 5 rate 0.1 batch 2 epochs 3 optimizer adam;
explain a step 3
n = sgd loss on D from 5 rate 0.1 batch 1 epochs 2 optimizer nesterov momentum 0.5 decay exp 0.1;
explain n step 5
tips = load("../../../scripts/data/tips.csv")
mse(θ0, θ1) = (tip - θ0 - θ1*total_bill)^2
t = sgd mse on tips from [0, 0] rate 0.001 batch 32 epochs 2 optimizer rmsprop;
explain t step 9
explain t step 17
