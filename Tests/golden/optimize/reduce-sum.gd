# `on T reduce sum`: the loss over the rows is their sum (deck 004's Σ form), not their mean.
D = table(x = [2, 3, 5, 8], y = [4, 5, 7, 10])
loss(θ) = (x + θ - y)^2
m = descend loss on D from 5 rate 0.01 steps 3;
s = descend loss on D from 5 reduce sum rate 0.01 steps 3;
m.losses
s.losses
s.losses[0] == sum((D.x + 5 - D.y)^2)
s.losses[0] == 4*m.losses[0]
minimize loss on D from 5 reduce sum
gradcheck loss on D at 1 reduce sum
solve loss on D reduce sum
descend loss from 5 reduce sum
