# solve on a table with missing values: the column is named.
D = table(x = [1, 2, 3], y = [2, nan, nan])
loss(w) = (w*x - y)^2
solve loss on D
