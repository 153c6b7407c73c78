# Linear regression on tips, tip ≈ θ0 + θ1·total_bill: closed form, descent, SGD.
tips = load("../../../scripts/data/tips.csv")
loss(θ0, θ1) = (tip - θ0 - θ1*total_bill)^2
exact = solve loss on tips
X = transpose([ones(rows(tips)), tips.total_bill])
lstsq(X, tips.tip)
m = minimize loss on tips from [0, 0]
# The curvature along θ1 is about 942, so a stable rate is below 2/942 ≈ 0.0021;
# along θ0 it is 0.335, so plain descent needs many steps.
d = descend loss on tips from [0, 0] rate 0.002 steps 60000 tol 1e-9 every 20000
d.x - exact.x
s1 = sgd loss on tips from [0, 0] rate 0.0005 batch 1 epochs 40 every 10 decay inverse 0.001
s1.x - exact.x
s32 = sgd loss on tips from [0, 0] rate 0.001 batch 32 epochs 400 every 100 decay inverse 0.002
s32.x - exact.x
sall = sgd loss on tips from [0, 0] rate 0.002 batch all epochs 60000 every 20000
sall.x - exact.x
