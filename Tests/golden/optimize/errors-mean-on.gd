# With on, the loss is per row: taking mean over columns inside it is an error.
D = table(x = [1, 2, 3], y = [2, 4, 6])
loss(w) = mean((y - w*x)^2)
descend loss on D from 0
