q(x, y) = x^2/2 + 25y^2
descend q from [1, 1] optimizer adamm
