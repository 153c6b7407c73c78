# Strings print raw at top level; booleans are 1 and 0 in arithmetic.
"tips.csv"
s = "a" + "b"
s
true
false
mean([1, 0, 1, 1] == [1, 1, 1, 1])
2 > 1
