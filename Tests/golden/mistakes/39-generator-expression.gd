# A generator expression.
v = [1, 2, 3]
sum(x for x in v)
