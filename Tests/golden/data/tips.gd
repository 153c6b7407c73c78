# The tips data: a table prints its shape, its columns' kinds and its first rows.
tips = load("../../../scripts/data/tips.csv")
tips
rows(tips)
head(tips, 3)
head(tips, 8)
describe(tips)
mean(tips.tip)
tips["total_bill"][0:3]
tips.tip[-1]
