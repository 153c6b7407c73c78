# A run slowing down at a saddle point: x^2 - y^2 curves upward along x, downward along y.
s(x, y) = x^2 - y^2
descend s from [1, 1e-9] rate 0.1 steps 40
