# McCormick's function: the Hessian is singular at the start, and F is unbounded
# below along x = y. Newton's trust region stays with the minimum near the start,
# (0.5 − π/3, −0.5 − π/3), where SciPy's Newton-CG also ends.
F(x, y) = sin(x + y) + (x - y)^2 - 1.5*x + 2.5*y + 1
classify F at [0, 0]
r = minimize F from [0, 0] method newton
norm(r.x - [0.5 - pi/3, -0.5 - pi/3]) < 1e-8
