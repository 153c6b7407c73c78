# init (a starting point, as in many libraries) is from.
f(x) = x^2
minimize f init 1
