# solve's report rounds to twelve significant digits; the result keeps every bit.
noisy = load("../../../scripts/data/secret-noisy.csv")
loss(θ) = (y - x - θ)^2
r = solve loss on noisy
r.x
