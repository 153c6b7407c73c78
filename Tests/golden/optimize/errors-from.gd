g(a, b) = a^2 + b^2
descend g from [1, 2, 3]
