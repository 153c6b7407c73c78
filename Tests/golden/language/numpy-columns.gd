# Over table columns, arithmetic and sums are NumPy's (LANGUAGE.md, "Statements"):
# sum/mean add in NumPy's pairwise order, so [1e16, 1, -1e16, 1] has mean 0.25 as
# np.mean gives (left to right: the first 1 is lost; in 8 lanes: 0.5).
D = table(x = [1e16, 1, -1e16, 1])
mean(D.x)
sum(D.x)
g(a) = a*mean(D.x)
g(1)
# The same mean inside a compiled objective: the minimiser of (a - mean(x))^2 is 0.25.
h(a) = (a - mean(D.x))^2
r = descend h on D from 0 rate 0.5 steps 3
# A column (or vector) to the power 2, 0.5, -1 is c*c, sqrt(c), 1/c (NumPy's square,
# sqrt, reciprocal); a number's power is Python's pow: 1.1^2 is pow(1.1, 2).
v = [1.1, 2.2, -0.0, -4]
v^2
v^0.5
v^-1
v^3
1.1^2
# 1000 values: more than 128 split in halves down to leaves of at most 128
# (NumPy 2.4.6: np.sum(1 / k) 7.485470860550345, np.mean 0.007485470860550345,
# pandas Series(k**0.5).var() 55.452807883688145, with k = np.linspace(1, 1000, 1000)).
T = table(k = linspace(1, 1000, 1000))
sum(1 / T.k)
mean(1 / T.k)
var(T.k^0.5)
