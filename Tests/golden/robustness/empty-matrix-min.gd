# The smallest element of a 0×3 matrix does not exist.
min(ones(0, 3))
