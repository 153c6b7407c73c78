# optimise, as in scipy.optimize.
f(x) = x^2
optimise f from 1
