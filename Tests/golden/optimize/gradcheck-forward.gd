# CS231n's numerical gradient is one-sided: (f(x + h) - f(x))/h with h = 1e-5.
# Its error is O(h), so it agrees with the analytic gradient to about 5 digits,
# where central differences agree to about 11.
f(x, y) = x^2*y + sin(x)
gradcheck f at [1, 2] forward
gradcheck f at [1, 2]
c = gradcheck f at [1, 2] forward h 0.001;
c.numeric
