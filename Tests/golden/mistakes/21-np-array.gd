# np.array around a list.
np.array([1, 2, 3])
