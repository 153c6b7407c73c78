# Deck 000 (LING 282), "Learning rate": the secret-number game, y = x + θ with
# squared loss, from θ = 5. Too small creeps, 0.75 converges in damped swings
# (5, 0.5, 2.75, 1.625, …), 1 bounces between 5 and -1 forever.
D = table(x = [2, 3, 5, 8], y = [4, 5, 7, 10])
loss(θ) = (x + θ - y)^2
c = compare descend loss on D from 5 rate 0.01, 0.75, 1 steps 20
c.runs[1].path[0:4]
c.runs["1"].path[0:4]
c.fun
c.settings
