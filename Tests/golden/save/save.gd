# save VALUE to "file.csv", then load reads back the same bits.
w = [0.1, -0, 5e-324, 1/3, 1e300, -inf]
save w to "/tmp/gd-golden-save-w.csv"
v = load("/tmp/gd-golden-save-w.csv").w
v
1/v[1]
v[2] == 5e-324

M = [[1, 2], [3, 4.5]]
save M to "/tmp/gd-golden-save-M.csv"
load("/tmp/gd-golden-save-M.csv")

# A result: the path and the losses, one row per step.
f(x, y) = (x - 1)^2 + 2y^2
r = descend f from [3, 1] rate 0.2 steps 4;
save r to "/tmp/gd-golden-save-r.csv"
back = load("/tmp/gd-golden-save-r.csv")
back
back.loss
r.losses

# A table with text, quotes and commas comes back unchanged.
tips = load("../../../scripts/data/tips.csv")
save head(tips, 3) to "/tmp/gd-golden-save-tips.csv"
load("/tmp/gd-golden-save-tips.csv")
