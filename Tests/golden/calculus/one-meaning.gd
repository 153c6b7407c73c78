# Every route to a value gives the same double (issue "One language, one meaning").
f(x) = sum([x, x^2])
f(2)
r = descend f from 1 steps 2
p(x) = (x - 1)^2 + 0*inf
p(2)
p'(2)
q(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
q(4.4)
subs(q(x), x = 4.4)
subs(q(x), x = 4.4) == q(4.4)
q'(4)
subs(diff(q(x), x), x = 4) == q'(4)
