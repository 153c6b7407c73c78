# Reductions of empty arrays give a value or a located error, never a trap.
sum([])
mean([])
min([], 1)
sum([], 1)
mean([], 2)
max([], [])
max([[]])
