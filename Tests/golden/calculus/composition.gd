# Calculus forms are operations on values: they nest and take each other's
# results (LANGUAGE.md "Calculus"; issue "One language, one meaning").
latex(diff(x^3, x))
simplify(diff(x^3 + x^2, x))
subs(diff(x^3, x), x = 2)
diff(diff(x^3, x), x)
expand(subs((x + θ - y)^2, x = 2, y = 4))
f(x) = x^3
latex(f')
g(x, y) = 4x^2 + y^2
latex(grad(g))
latex(hessian(g))
latex(grad(x^2*y, [x, y]))
[diff(x^2, x), diff(x^3, x)]
simplify(grad(g))
grad(g)(1, 2)
diff(f, x)
latex(f)
# The binding rule: the variable a form names is a symbol inside it.
x = 10
subs(x^2, x = 2)
diff(x^2, x)
clear x
h(x) = diff(x^3, x)
h(2)
h'
h'(2)
# A bound expression in a body is in the function's parameters.
e1 = x^2 + 3x
k(x) = e1
k(2)
k'(2)
