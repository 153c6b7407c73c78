# A class outside the scores' range is an error at the row that has it.
D = table(x = [1, 2], y = [0, 3])
loss(W) = crossentropy(W @ [x, 1], y)
sgd loss on D from (W = zeros(3, 2)) epochs 1
