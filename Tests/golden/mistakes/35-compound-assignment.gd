# Python's +=.
x = 1
x += 1
