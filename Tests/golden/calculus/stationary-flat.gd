# Where f′ vanishes to high order (f′ = 4x³ at 0), every point near the root
# has |f′| below any tolerance; the root reported is the simplest number in the
# last bracket the root finder kept: 0, not a point beside it.
f(x) = x^4
stationary f from -1 to 2
g(x) = x^3
stationary g from -1 to 2
k(x) = (x - 1)^4
stationary k from -1 to 2
