# Alternating steps, told apart by how their size changes (f(x) = x^2, curvature 2).
f(x) = x^2
# Damped alternation: ×0.98 a step, converging slowly; 0.5 converges fastest.
descend f from 1 rate 0.99 steps 30
# Steady alternation: bouncing between two values.
descend f from 1 rate 1 steps 6
# Growing alternation (×2 a step): divergence, though the loss rose only four times.
descend f from 1 rate 1.5 steps 4
# Fast damped alternation (×0.5 a step) converges well: nothing to say.
descend f from 1 rate 0.75 steps 8
