# A defined function evaluates its expression exactly as written (values match Python's).
f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
f(4.4)
f(4)
f
loss(θ0, θ1) = (θ0 - 2)^2 + (θ1 + 1)^2
loss(1, 1)
# A function of n parameters may be called with one vector of length n.
loss([2, -1])
# Other free names are looked up when the function is called.
a = 3
g(x) = a*x
g(2)
a = 4
g(2)
# Built-ins are ordinary bindings and may be shadowed (said once).
sin(0)
double(x) = 2x
double(sin(pi/2))
