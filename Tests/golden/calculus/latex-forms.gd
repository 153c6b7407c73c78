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
