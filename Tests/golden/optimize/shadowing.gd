# A parameter wins over a column of the same name, with a warning.
D = table(x = [1, 2, 3], w = [2, 4, 6])
loss(w) = (w - x)^2
r = minimize loss on D from 0;
r.x
# A column wins over a global.
x = 100
d(θ) = (θ - x)^2
minimize d on D from 0;
ans.x
