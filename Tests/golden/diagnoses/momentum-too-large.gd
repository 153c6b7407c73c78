# A momentum λ ≥ 1 never converges, whatever the rate: an error before the
# run that names the momentum (it used to run and suggest a smaller rate).
f(x) = x^2
descend f from 1 momentum 1.5
