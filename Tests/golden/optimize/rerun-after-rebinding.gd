# A function optimised twice is compiled once, but every change to what it
# reads is seen: a bound number, the function itself, a function it calls.
c = 2
loss(θ) = (θ - c)^2
r = descend loss from 5 rate 0.25 steps 3;
r.path
c = 10
r = descend loss from 5 rate 0.25 steps 3;
r.path
loss(θ) = (θ + c)^2
r = descend loss from 5 rate 0.25 steps 3;
r.path
inner(t) = t^2
outer(a, b) = inner(a) + inner(b - 1)
minimize outer from [1, 1];
ans.x
inner(t) = abs(t)^3
minimize outer from [1, 1];
ans.x
clear c
descend loss from 5 rate 0.25 steps 3
