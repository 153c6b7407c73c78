# A Python function definition: gd writes the formula.
def f(x): return x**2
