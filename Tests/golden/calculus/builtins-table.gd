# Functions added as one table entry each (Symbolic's BuiltinFunction):
# value, derivative, LaTeX, help and completion all come from that entry.
sinh(1)
cosh(0)
sec(0)
csc(pi/2)
cot(pi/4)
asinh(1)
acosh(2)
atanh(0.5)
log2(1024)
cbrt(-27)
erf(1)
sinh([0, 1])
f(x) = sinh(x) + cosh(x) + sec(x) + csc(x) + cot(x)
g(x) = asinh(x) + acosh(x + 2) + atanh(x/2) + log2(x) + cbrt(x) + erf(x)
f'
g'
f'(0.5)
g'(0.5)
diff(erf(x), x)
latex(f')
latex(g')
latex(cbrt(x) + log2(x) + asinh(x))
gradcheck f at 0.5
gradcheck g at 0.5
r = minimize f from 0.5;
r.x
cosh(-x)
sinh(-x)
cbrt(8)
