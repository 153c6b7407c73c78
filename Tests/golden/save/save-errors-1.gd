# A result without a path cannot be saved as one.
f(x, y) = (x - 1)^2 + 2y^2
m = minimize f from [0, 0];
save m to "/tmp/gd-golden-save-m.csv"
