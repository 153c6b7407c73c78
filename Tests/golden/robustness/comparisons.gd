# Parenthesised comparisons compare results; only a bare chain is an error.
(1 < 2) == true
p = [0.2, 0.7, 0.9]
y = [0, 1, 0]
mean((p > 0.5) == y)
(2 > 1) != (1 > 2)
