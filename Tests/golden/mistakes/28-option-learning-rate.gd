# Keras's learning_rate, with scikit-learn's n_iter.
loss(θ) = (θ - 2)^2
descend loss from 0 learning_rate 0.1 n_iter 10
