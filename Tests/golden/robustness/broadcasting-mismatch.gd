# Dimensions that are neither equal nor 1 do not broadcast.
[[1, 2], [3, 4]] + [[1, 2, 3]]
