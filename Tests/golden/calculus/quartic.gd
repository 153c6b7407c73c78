# The Data 100 quartic, its derivative and its stationary points.
f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
f'
f'(4)
f'(4.4)
f''
stationary f from 1 to 6.75
y(x) = x^2 - 4x + 5
y'
stationary y from -10 to 10
