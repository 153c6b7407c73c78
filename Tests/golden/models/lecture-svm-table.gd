# Lecture 3: three training examples, three classes (cat, car, frog). With
# x_i the i-th unit vector, the scores W @ x_i are W's columns: the table.
W = [[3.2, 1.3, 2.2], [5.1, 4.9, 2.5], [-1.7, 2.0, -3.1]]
W @ [1, 0, 0]
hinge(W @ [1, 0, 0], 0)      # the cat image: 2.9
hinge(W @ [0, 1, 0], 1)      # the car image: 0
hinge(W @ [0, 0, 1], 2)      # the frog image: 12.9
# The full loss is the mean over the examples, a per-row loss over a table:
images = table(x1 = [1, 0, 0], x2 = [0, 1, 0], x3 = [0, 0, 1], label = [0, 1, 2])
svm(W) = hinge(W @ [x1, x2, x3], label)
(svm on images)(W)           # (2.9 + 0 + 12.9)/3
correct(W) = argmax(W @ [x1, x2, x3]) == label
(correct on images)(W)
# The lecture's "bug": a W with zero loss is not unique. Scores 1.3, 2.5, 2.0
# for a car give 0.5; doubling W takes them to 2.6, 5.0, 4.0 and the loss to 0.
V = [[3.2, 1.3, 2.2], [5.1, 2.5, 2.5], [-1.7, 2.0, -3.1]]
V @ [0, 1, 0]
hinge(V @ [0, 1, 0], 1)
(2V) @ [0, 1, 0]
hinge((2V) @ [0, 1, 0], 1)
# Doubling changes no decision: the same accuracy.
(correct on images)(V)
(correct on images)(2V)
# The gradient of the mean SVM loss with respect to every entry of W, exact:
grad(svm on images)(W)
gradcheck svm on images at (W = W)
