# A malformed file is an error naming the file, line and column; bindings are kept.
keep = 1
t = load("missing.csv")
