# A CSV file from a European spreadsheet: ';' between fields and decimal
# commas. The header has ';' and no ',', so load reads it with ';' (as R's
# read.csv2 would), and 1,5 is 1.5.
t = load("semicolon.csv")
t
t.x
# A tab-separated file is recognised the same way.
load("tabs.tsv")
# Naming the delimiter overrides what the header shows: with ',' the header
# is one column and the first row two.
load("semicolon.csv", ",")
