# A Python loop: commands repeat the step.
for i in range(10): print(i)
