# Decimals in symbolic results (issue 15). A decimal is computed exactly as
# the number it denotes (0.1 is 1/10) and a coefficient that came from one
# prints as the shortest decimal that reads back to the same value.
subs(x^2 + y, x = 0.1)
diff(x^2/3 + 0.1*x, x)
explain diff(x^2/3 + 0.1*x, x)
# Integers and fractions the user wrote stay exact.
diff(x^3/6 + x^2/4 + 2*x, x)
diff(0.1*x^2/3, x)
# A sum with fractions written as such is exact throughout.
diff(ln(x/10 + 0.05), x)
# A whole number is one value, whatever it came from: 0.5·2 is 1.
diff(0.5*x^2, x)
diff(0.25*x^4, x)
# An exponent written as a decimal stays one; x^0.5 is sqrt(x).
diff(x^2.5, x)
diff((x^2 + 1)^1.5, x)
diff(x^0.5, x)
# Compositions: latex, simplify, expand, nested derivatives.
latex(diff(x^2/3 + 0.1*x, x))
latex(subs(x^2 + y, x = 0.1))
latex(diff(1e-5*x^2, x))
simplify(diff(x^2/3 + 0.1*x, x))
expand((x + 0.5)^2)
diff(diff(0.1*x^3, x), x)
# The gradient and Hessian of a quadratic with decimal coefficients.
q(x, y) = 0.5*x^2 + 0.25*y^2 + 0.1*x*y - 1.5*x
grad(q)
hessian(q)
# The lectures' losses with a factor 0.5: the 2 of the square cancels it.
L(θ0, θ1) = 0.5*(y - θ0 - θ1*x)^2
grad(L)
E(w) = 0.5*w^2 + abs(w)
E'
R(w1, w2) = 0.5*(y - w1*x1 - w2*x2)^2 + 0.05*(w1^2 + w2^2)
grad(R)
# A least-squares gradient keeps the data the user wrote (Beale's function).
beale(x, y) = (1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2
grad(beale)
# A printed result evaluates as its text: 2*x/3 + 0.1 at x = 0.3.
f(x) = x^2/3 + 0.1*x
f'(0.3) == 2*0.3/3 + 0.1
