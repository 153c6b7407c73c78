# Lecture 3: L2 regularisation prefers weights spread out. Both w1 and w2
# give the score 1 for x = [1, 1, 1, 1], but R(w) = sum(w^2) is 1 against 0.25.
x = [1, 1, 1, 1]
w1 = [1, 0, 0, 0]
w2 = [0.25, 0.25, 0.25, 0.25]
w1 @ x
w2 @ x
R(w) = sum(w^2)
R(w1)
R(w2)
# L1 does not tell them apart; the elastic net (β = 0.5) does, less sharply.
L1(w) = sum(abs(w))
[L1(w1), L1(w2)]
E(w) = sum(0.5*w^2 + abs(w))
[E(w1), E(w2)]
# The gradient of R is 2w: it shrinks large weights fastest.
grad(R)(w1)
grad(R)(w2)
