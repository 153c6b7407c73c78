# A lambda bound to a name.
f = lambda x: x**2
