# A softmax classifier on Fisher's iris: scores W @ x + b with a 3×4 weight
# matrix, cross-entropy loss with L2 regularisation, trained by sgd; the
# accuracy on the held-out rows (scripts/make-datasets writes both files).
T = load("../../../scripts/data/iris-train.csv")      # standardised features, species 0, 1, 2
V = load("../../../scripts/data/iris-test.csv")
scores(W, b) = W @ [sepal_length, sepal_width, petal_length, petal_width] + b   # per row: a vector of 3
loss(W, b) = crossentropy(scores(W, b), species) + 0.001*sum(W^2)
correct(W, b) = argmax(scores(W, b)) == species
r = sgd loss on T from (W = zeros(3, 4), b = zeros(3)) rate 0.1 epochs 100 seed 1
r.W
r.b
(correct on V)(r.W, r.b)      # the held-out accuracy (F on T is the mean over rows)
(correct on T)(r.x.W, r.x.b)
# The same model as a multiclass SVM, by full-batch gradient descent:
svm(W, b) = hinge(scores(W, b), species) + 0.001*sum(W^2)
s = descend svm on T from (W = zeros(3, 4), b = zeros(3)) rate 0.1 steps 100
(correct on V)(s.W, s.b)
# BFGS on the softmax loss, from where sgd stopped:
m = minimize loss on T from r.x
(correct on V)(m.W, m.b)
gradcheck loss on T at r.x
