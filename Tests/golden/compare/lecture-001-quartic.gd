# Deck 001 (Data 100, lecture 16): gradient descent on the arbitrary quartic
# from 4 with rates 0.3 and 1, 20 guesses each (19 updates), as the slides'
# gradient_descent(derivative_arbitrary, 4, alpha, 20) prints them.
f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
c = compare descend f from 4 rate 0.3, 1 steps 19
c.runs[0].path
c.runs[1].path
