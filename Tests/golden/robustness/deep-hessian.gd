# The second derivatives of a formula nested 60 deep grow past the size gd
# shows (its gradient does not): Newton's method, classify and stationary,
# which need the Hessian, refuse in bounded time, as hessian(g) does.
a = x
a = sin(sin(sin(sin(sin(sin(sin(sin(sin(sin(a))))))))))
a = sin(sin(sin(sin(sin(sin(sin(sin(sin(sin(a))))))))))
a = sin(sin(sin(sin(sin(sin(sin(sin(sin(sin(a))))))))))
a = sin(sin(sin(sin(sin(sin(sin(sin(sin(sin(a))))))))))
a = sin(sin(sin(sin(sin(sin(sin(sin(sin(sin(a))))))))))
a = sin(sin(sin(sin(sin(sin(sin(sin(sin(sin(a))))))))))
g(x) = a
g'(0.5)
minimize g from 0.5 method newton
