# scikit-learn's max_iter.
f(x) = x^2
minimize f from 1 max_iter 10
