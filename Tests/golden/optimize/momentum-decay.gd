# Momentum and the three decay schedules.
g(a, b) = 4a^2 + b^2
descend g from [1, 1] rate 0.1 momentum 0.5 steps 12
descend g from [1, 1] rate 0.2 decay linear 10 steps 12
descend g from [1, 1] rate 0.2 decay inverse 0.5 steps 12
descend g from [1, 1] rate 0.2 decay exp 0.1 steps 12
descend g from [1, 1] rate 1 linesearch steps 8
