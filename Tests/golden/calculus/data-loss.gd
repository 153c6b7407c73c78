# A loss written over columns differentiates to a readable mean(…) form.
tips = load("../../../scripts/data/tips.csv")
L(θ0, θ1) = mean((tips.tip - θ0 - θ1*tips.total_bill)^2)
grad(L)
grad(L)(1, 0.1)
