# Softmax and SVM classifiers on scikit-learn's 8×8 digits (1,347 training
# rows, 450 held out; 64 pixel intensities 0…16, scaled to 0…1 in the
# formula), a 10×64 weight matrix and a bias vector of 10.
T = load("../../../scripts/data/digits-train.csv")
V = load("../../../scripts/data/digits-test.csv")
x(W) = [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31, p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47, p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63]/16
scores(W, b) = W @ x(W) + b
softmax_loss(W, b) = crossentropy(scores(W, b), digit) + 0.0001*sum(W^2)
svm_loss(W, b) = hinge(scores(W, b), digit) + 0.0001*sum(W^2)
correct(W, b) = argmax(scores(W, b)) == digit
s = sgd softmax_loss on T from (W = zeros(10, 64), b = zeros(10)) rate 0.5 epochs 5 seed 1
(correct on V)(s.W, s.b)
h = sgd svm_loss on T from (W = zeros(10, 64), b = zeros(10)) rate 0.05 epochs 5 seed 1
(correct on V)(h.W, h.b)
# One image's scores and the predicted digit against the label:
V.digit[0]
argmax(s.W @ [V.p0[0], V.p1[0], V.p2[0], V.p3[0], V.p4[0], V.p5[0], V.p6[0], V.p7[0], V.p8[0], V.p9[0], V.p10[0], V.p11[0], V.p12[0], V.p13[0], V.p14[0], V.p15[0], V.p16[0], V.p17[0], V.p18[0], V.p19[0], V.p20[0], V.p21[0], V.p22[0], V.p23[0], V.p24[0], V.p25[0], V.p26[0], V.p27[0], V.p28[0], V.p29[0], V.p30[0], V.p31[0], V.p32[0], V.p33[0], V.p34[0], V.p35[0], V.p36[0], V.p37[0], V.p38[0], V.p39[0], V.p40[0], V.p41[0], V.p42[0], V.p43[0], V.p44[0], V.p45[0], V.p46[0], V.p47[0], V.p48[0], V.p49[0], V.p50[0], V.p51[0], V.p52[0], V.p53[0], V.p54[0], V.p55[0], V.p56[0], V.p57[0], V.p58[0], V.p59[0], V.p60[0], V.p61[0], V.p62[0], V.p63[0]]/16 + s.b)
