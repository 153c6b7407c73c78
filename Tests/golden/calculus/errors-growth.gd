# An n-th derivative that grows without bound stops with an error instead of hanging.
diff(σ(σ(σ(x))), x, 30)
