# LaTeX as a person typesets it (issue 15).
# No brackets directly inside a \frac's parts.
latex(diff(atan(x), x))
latex((x + 1)/(x - 1))
# A number beside a number's power needs \cdot (2 10^{…} reads as 210^{…}).
latex(diff(10^(x^2), x))
latex(2*3^x)
# Accented names: ŷ is \hat{y}, x̄ is \bar{x}.
latex((ŷ - y)^2/2)
latex(x̄ + θ̂)
# What the user wrote keeps their order of terms and their decimals.
latex(θ0 + θ1*x)
latex(1e-5*x)
latex(0.1*x + 2.5e-7)
latex(x*2^y)
# A result of algebra is typeset as it prints.
latex(diff(θ0 + θ1*x^2, x))
