# Keras and others spell the batch size batchsize or batch_size: gd says batch.
D = table(x = [1, 2, 3], y = [2, 4, 6])
loss(w) = (w*x - y)^2
sgd loss on D from 0 batchsize 1
