# A start of plain numbers makes every parameter a number; W @ x needs W to
# be a matrix, so the error says to give the start by name, which sets shapes.
T = load("../../../scripts/data/iris-train.csv")
loss(W, b) = crossentropy(W @ [sepal_length, sepal_width, petal_length, petal_width] + b, species)
sgd loss on T from [0, 0] rate 0.1 epochs 1
