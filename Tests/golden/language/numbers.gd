# Numbers print as the shortest text that reads back to the same double (Python's repr).
0.1 + 0.2
1e-5
2E+3
.5
1e16
1e15
-0
1e999
-1e999
0/0
1/0
2e-1
7
2^0.5
# `2e` is 2*e: the exponent needs a digit.
e = 10; 2e
