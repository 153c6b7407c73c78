# The secret-number game: loss(θ) = (θ - 2)^2 from 5.
loss(θ) = (θ - 2)^2
descend loss from 5 rate 1 steps 6
# Rate 0.75 alternates but shrinks: it converges, and is not bouncing.
r = descend loss from 5 rate 0.75 steps 10
r.path
