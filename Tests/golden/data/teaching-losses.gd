# Multiclass hinge and softmax cross-entropy (deck 003).
hinge([3.2, 5.1, -1.7], 0)
hinge([1.3, 4.9, 2.0], 1)
hinge([2.2, 2.5, -3.1], 2)
mean([hinge([3.2, 5.1, -1.7], 0), hinge([1.3, 4.9, 2.0], 1), hinge([2.2, 2.5, -3.1], 2)])
softmax([3.2, 5.1, -1.7])
round(softmax([3.2, 5.1, -1.7]) * 100) / 100
crossentropy([3.2, 5.1, -1.7], 0)
hinge([-2.85, 0.86, 0.28], 2)
# L2 regularisation prefers spread weights: both score 1, penalties 1 and 0.25.
x = [1, 1, 1, 1]
w1 = [1, 0, 0, 0]
w2 = [0.25, 0.25, 0.25, 0.25]
dot(w1, x)
dot(w2, x)
sum(w1^2)
sum(w2^2)
