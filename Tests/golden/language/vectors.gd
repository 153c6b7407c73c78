# Vectors and matrices: elementwise arithmetic, NumPy broadcasting, @.
v = [1, 2, 3]
v * 2
v + v
v^2
[1, 2, 3] == [1, 0, 3]
m = [[1, 2], [3, 4]]
m + [10, 20]
m * m
m @ m
m @ [1, 1]
[1, 2] @ [3, 4]
transpose(m)
sum(v)
mean(v)
max(v)
min(3, [1, 5, 2])
len(v)
norm([3, 4])
dot([1, 2], [3, 4])
argmax([3, 7, 2])
zeros(3)
ones(2, 3)
linspace(0, 1, 5)
std([2, 4, 4, 4, 5, 5, 7, 9])
var([1, 2, 3, 4])
linspace(1, 1200, 1200)
