# A while loop around gradient steps.
while loss > 0.01:
