# descend on a table with a missing value: the column is named before the run.
D = table(x = [1, 2, nan], y = [2, 4, 6])
loss(w) = (w*x - y)^2
descend loss on D from 0 steps 3
