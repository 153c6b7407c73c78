# title takes a string.
plot sin from 0 to 1 title 3
