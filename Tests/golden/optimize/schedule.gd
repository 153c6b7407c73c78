# Deck 002's decay schedules on their own: the rate at each update t.
schedule 0.1 decay linear 100 final 0.001 steps 150
schedule 0.3 decay inverse 0.1 steps 30 ascii
s = schedule 0.3 decay exp 0.1 steps 5;
s
# the same rates descend uses for the same rate and decay
f(x) = (x - 2)^2
r = descend f from 5 rate 0.3 decay exp 0.1 steps 5;
r.rates == s
