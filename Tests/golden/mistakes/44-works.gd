# Forms from other languages that gd accepts as they are.
f(x) = x**2
minimize f from 1 method BFGS
(1 < 2) == true
p = [0.2, 0.7, 0.9]
y = [0, 1, 0]
mean((p > 0.5) == y)
help()
quit()
1 + 1
