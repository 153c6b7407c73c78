# explain R step K: the update that made row K of a run's table, every number
# the run's own double. Deck 001's plot_one_step: 4 → 4.12 at rate 0.3, and
# 4.4 → 5.0464000000000055 at rate 1.
f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
r = descend f from 4 rate 0.3 steps 19;
explain r step 1
s = descend f from 4 rate 1 steps 19;
explain s step 2
# momentum, a decayed rate, a line search
q(x, y) = x^2/2 + 25y^2
m = descend q from [1, 1] rate 0.03 steps 5 momentum 0.5;
explain m step 2
d = descend f from 4 rate 0.3 steps 5 decay inverse 0.1;
explain d step 3
l = descend f from 4 rate 10 steps 3 linesearch;
explain l step 1
# each adaptive rule's intermediate quantities
r_nesterov = descend q from [1, 1] rate 0.01 steps 3 optimizer nesterov;
explain r_nesterov step 2
r_adagrad = descend q from [1, 1] rate 0.5 steps 3 optimizer adagrad;
explain r_adagrad step 2
r_rmsprop = descend q from [1, 1] rate 0.05 steps 3 optimizer rmsprop;
explain r_rmsprop step 2
r_adam = descend q from [1, 1] rate 0.1 steps 3 optimizer adam;
explain r_adam step 2
