# Keras's batch_size.
D = table(x = [1, 2, 3], y = [2, 4, 6])
loss(w) = (w*x - y)^2
sgd loss on D from 0 batch_size 1
