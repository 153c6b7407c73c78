# A long sgd run shows a selection of epochs, as descend does; every K asks for more.
D = table(x = linspace(0, 1, 50), y = 2*linspace(0, 1, 50) + 1)
loss(w, b) = (w*x + b - y)^2
r = sgd loss on D from [0, 0] epochs 60 batch 10
r = sgd loss on D from [0, 0] epochs 60 batch 10 every 20
