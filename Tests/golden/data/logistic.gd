# Logistic regression on a two-class table: the log-loss and its chain-rule gradient.
D = load("../../../scripts/data/twoclass.csv")
D
nll(w1, w2, b) = -(label*ln(σ(w1*x1 + w2*x2 + b)) + (1 - label)*ln(1 - σ(w1*x1 + w2*x2 + b)))
grad(nll)
r = minimize nll on D from [0, 0, 0]
s = sgd nll on D from [0, 0, 0] rate 0.5 batch 8 epochs 50 every 10 optimizer adam
w = r.x
pred = σ(w[0]*D.x1 + w[1]*D.x2 + w[2]) > 0.5
mean(pred == D.label)
