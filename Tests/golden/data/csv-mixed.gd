# A BOM, CRLF, row names, NA and a text column (the summary says why it is text).
t = load("mixed.csv")
t
t.x
t.z
mean(t.z)
t.y
