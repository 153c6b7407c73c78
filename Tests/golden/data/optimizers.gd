# The six update rules on the same problem, same seed.
D = table(x = [1, 2, 3, 4, 5, 6], y = [2.9, 5.1, 7.0, 8.8, 11.2, 13.1])
loss(a, b) = (y - a*x - b)^2
sgd loss on D from [0, 0] rate 0.01 batch 2 epochs 20 every 10
sgd loss on D from [0, 0] rate 0.01 batch 2 epochs 20 every 10 optimizer momentum
sgd loss on D from [0, 0] rate 0.01 batch 2 epochs 20 every 10 optimizer nesterov momentum 0.8
sgd loss on D from [0, 0] rate 0.5 batch 2 epochs 20 every 10 optimizer adagrad
sgd loss on D from [0, 0] rate 0.1 batch 2 epochs 20 every 10 optimizer rmsprop
sgd loss on D from [0, 0] rate 0.1 batch 2 epochs 20 every 10 optimizer adam
sgd loss on D from [0, 0] rate 0.01 batch 2 epochs 20 every 10 noshuffle
sgd loss on D from [0, 0] rate 0.02 batch 2 epochs 20 every 10 decay inverse 0.1 seed 7
sgd loss on D from [0, 0] rate 0.5 batch 2 epochs 20
