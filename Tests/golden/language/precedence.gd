# Operators from loosest to tightest: comparisons, + -, * / @, unary -, ^, calls.
2 + 3 * 4
(2 + 3) * 4
-2^2
(-2)^2
2^3^2
(2^3)^2
2^-1
2**3
10 - 4 - 3
64 / 4 / 2
1 + 2 == 3
3 < 2
3 >= 3
true + true
