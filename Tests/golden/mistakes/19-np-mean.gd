# NumPy's module prefix.
v = [1, 2, 3]
np.mean(v)
