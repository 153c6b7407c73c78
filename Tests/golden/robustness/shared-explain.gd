# a = a - a + x, 40 times: x, but 2^40 terms as written. It prints and is
# typeset as x; explain, which shows the formula as written, refuses it.
a = x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a = a - a + x
a
latex(a)
F(x) = a
F'(2)
D = table(x = [1, 2], y = [3, 4])
L(w) = (w*a - y)^2
r = sgd L on D from 1 epochs 2 noshuffle
explain diff(a, x)
