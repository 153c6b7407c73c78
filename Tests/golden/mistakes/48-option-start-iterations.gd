# Two other libraries' names in one statement, both rewritten: start is
# from, iterations is steps.
f(x) = x^2
descend f start 1 iterations 3
