# A call whose argument names the function's own parameter puts it in once:
# g(g(x)) is sin(sin(x)) (it was sin(sin(sin(x))), and g(g(g(x))) seven sines).
g(x) = sin(x)
g(g(x))
g(g(g(x)))
subs(g(g(g(x))), x = 0.5)
sin(sin(sin(0.5)))
h(x) = x + 1
h(h(h(x)))
# Arguments that swap the parameters are put in together.
k(x, y) = x - y
k(y, x)
k(y, 2*x)
# A bound expression in the body still follows the argument.
e1 = x^2 + 3x
m(x) = e1
m(x + 1)
m(m(x))
# Squaring by a call, three times, is the eighth power.
p(x) = x^2
a = x
a = p(a)
a = p(a)
a = p(a)
a
