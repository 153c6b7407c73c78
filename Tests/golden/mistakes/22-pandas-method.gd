# A pandas method on a column.
tips = table(tip = [1, 2, 4])
tips.tip.mean()
