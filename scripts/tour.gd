# A tour of gd: run it with   scripts/gd scripts/tour.gd
#
# 1. Define a function in maths notation. Numbers written before names multiply.
f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
f(4.4)

# 2. Its derivative, simplified, and the steps that lead there.
f'
f'(4)
explain diff(ln(σ(a*x + b)), a)

# 3. Partial derivatives and gradients.
g(a, b) = 4a^2 + b^2
grad(g)
hessian(g)

# 4. Gradient descent, step by step: a good rate, then one that is too large.
r = descend f from 4 rate 0.3 steps 19
plot r on f from 1 to 6.75
bouncing = descend f from 4 rate 1 steps 19;
bouncing.reason
explain bouncing step 2
compare descend f from 4 rate 0.01, 0.3, 1 steps 19

# 5. A quasi-Newton solver beside it: the start decides which minimum.
minimize f from 6
stationary f from 1 to 6.75

# 6. Descent across level curves.
s = descend g from [1.5, 1.8] rate 0.1 steps 20;
plot s on g

# 7. Data: the tips table, least squares in closed form, and mini-batch SGD.
tips = load("data/tips.csv")
tips
loss(θ0, θ1) = (tip - θ0 - θ1*total_bill)^2
exact = solve loss on tips
sgd loss on tips from [0, 0] rate 0.001 batch 32 epochs 30 every 10
compare sgd loss on tips from [0, 0] rate 0.001 epochs 20 optimizer sgd, momentum, adam
line(b) = exact.x[0] + exact.x[1]*b
plot tips.total_bill, tips.tip, line

# 8. Teaching losses and a numerical gradient check.
hinge([3.2, 5.1, -1.7], 0)
softmax([3.2, 5.1, -1.7])
h(x, y) = x^2*y + sin(y)
gradcheck h at [1, 2]
