D = table(x = [1, 2], y = [2, 4])
loss(w) = (y - w*z)^2
descend loss on D from 0
