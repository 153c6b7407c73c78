# Logistic regression: the chain rule through ln, σ and the linear term.
diff(ln(σ(a*x + b)), a)
diff(ln(1 - σ(a*x + b)), b)
explain diff(ln(σ(a*x + b)), a)
