# f(x) = f(x) + 1 + … (26 terms): the recursion-depth error, not a crash.
f(x) = f(x) + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
f(1)
