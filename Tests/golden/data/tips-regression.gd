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
# SGD with a rate decaying linearly to a small final rate settles near the exact answer;
# mini-batches are noisy, so they agree to about 1e-3, the full batch to the last digits.
s1 = sgd loss on tips from [0, 0] rate 0.0005 batch 1 epochs 2000 every 500 decay linear 488000 final 0.000001
s1.x - exact.x
s32 = sgd loss on tips from [0, 0] rate 0.002 batch 32 epochs 3000 every 1000 decay linear 24000 final 0.00001
s32.x - exact.x
sall = sgd loss on tips from [0, 0] rate 0.002 batch all epochs 60000 every 20000
sall.x - exact.x
