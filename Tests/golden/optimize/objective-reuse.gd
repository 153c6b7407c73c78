# A command reuses the objective its subject resolved to while nothing the
# function reads is rebound; each rebinding below must be seen.
c = 2
f(x) = (x - c)^2
r = descend f from 0 rate 0.25 steps 60;
r.x
r = descend f from 0 rate 0.25 steps 60;
r.x
# f reads c: rebinding it changes the objective.
c = 5
r = descend f from 0 rate 0.25 steps 60;
r.x
# Through another function: k reads q, q reads c.
q(x) = x - c
k(x) = q(x)^2
r = descend k from 0 rate 0.25 steps 60;
r.x
q(x) = x + c
r = descend k from 0 rate 0.25 steps 60;
r.x
# A parameter that shadows a global is not a read of it.
m(c) = (c - 7)^2
r = descend m from 0 rate 0.25 steps 60;
r.x
c = 100
r = descend m from 0 rate 0.25 steps 60;
r.x
# Redefining the function itself.
f(x) = (x + 1)^2
r = descend f from 0 rate 0.25 steps 60;
r.x
# Unbinding what a function reads.
clear c
descend k from 0 rate 0.25 steps 60
