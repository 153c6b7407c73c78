# NumPy's broadcasting of 2-D shapes: a dimension of 1 stretches.
[[1], [2], [3]] + [10, 20]
[10, 20] * [[1], [2]]
[[1, 2], [3, 4]] - [[10], [20]]
[[1, 2]] + [[10], [20], [30]]
transpose([1, 2, 3])
transpose([[1, 2, 3]])
transpose(transpose([1, 2, 3]))
