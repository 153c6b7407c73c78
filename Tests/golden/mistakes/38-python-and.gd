# Python's and between comparisons.
x = 2
x > 1 and x < 3
