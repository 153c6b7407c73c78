# The tips data with the least-squares line.
tips = load("../../../scripts/data/tips.csv")
line(b) = 0.9202696135546726 + 0.10502451738435345*b
plot tips.total_bill, tips.tip, line
plot tips.total_bill, tips.tip, line ascii
