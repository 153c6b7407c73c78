# `F on T` is a value: the function of F's parameters whose value is the
# mean of F over T's rows.
tips = load("../../../scripts/data/tips.csv");
mse(θ0, θ1) = (tip - θ0 - θ1*total_bill)^2
mse(0.9, 0.1)
L = mse on tips
L(0.9, 0.1)
L([0.9, 0.1])
grad(L)
grad(L)(0.9, 0.1)
latex(L)
r = descend L from [0, 0] rate 0.001 steps 3;
r2 = descend mse on tips from [0, 0] rate 0.001 steps 3;
r3 = descend (mse on tips) from [0, 0] rate 0.001 steps 3;
r.losses == r2.losses
r.losses == r3.losses
r.losses[3] == L(r.x)
classify L at [0.9, 0.1]
gradcheck L at [0.9, 0.1]
plot L from [0, 0] to [2, 0.3]
plot r on L
m(a) = (tip - a)^2
M = m on tips
M'
M'(1)
stationary M from 0 to 6
correct(a) = tip > a
(correct on tips)(3)
s = sgd L from [0, 0] rate 0.001 epochs 2;
s.fun
L(s.x) == s.fun
plot m on tips from 0 to 6 ascii
