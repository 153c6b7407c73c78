# A number written directly before a name or `(` multiplies, at the precedence of `*`.
x = 2; y = 3
10x^3y^2
10*x^3*y^2
15x^3
2(x + 1)
3x^2
e^2x
e^(2x)
