# 'reduce' is read when an objective is resolved: a function already run
# without it is resolved anew, and 'reduce' without a table is refused.
f(x) = (x - 2)^2
r = descend f from 0 rate 0.25 steps 60;
r.x
descend f from 0 rate 0.25 steps 60 reduce sum
