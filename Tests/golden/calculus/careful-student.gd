# Derivatives in the form a careful student writes (issue 15's examples).
# exp and ln cancel where that is sound for every x the original is defined at.
diff(ln(exp(x)), x)
diff(exp(ln(x)), x)
diff(exp(2*ln(x)), x)
# sqrt(u)^2 is u.
diff(ln(sqrt(x^2 + 1)), x)
diff(atan(sqrt(x)), x)
# Common factors come out of higher derivatives and Hessian entries.
diff(x^2*exp(x), x, 3)
hessian(exp(x*y), [x, y])
# Fractions over one denominator where that is smaller.
diff(atan(1/x), x)
diff(atan((1 + x)/(1 - x)), x)
diff((3x - 2)/(2x + 5), x)
# Numeric factors cancel.
diff(sqrt(x^2 + 2x + 1), x)
diff(ln((x - 1)^2), x)
# The logistic loss's gradient, and how explain gets there.
diff(-(y*ln(σ(w*x + b)) + (1 - y)*ln(1 - σ(w*x + b))), w)
explain diff(-(y*ln(σ(w*x + b)) + (1 - y)*ln(1 - σ(w*x + b))), w)
# A polynomial stays a polynomial.
diff(x^3 + x^2, x)
