# Hosaki's function from [4.5, 3]: the full Newton step lands where F falls
# towards −∞ (b → −∞); the trust region keeps to the minimum at (4, 2).
H(a, b) = (1 - 8*a + 7*a^2 - (7/3)*a^3 + (1/4)*a^4) * b^2 * exp(-b)
minimize H from [4.5, 3] method newton
