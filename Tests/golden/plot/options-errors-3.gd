# A log scale cannot show a range that stops at or below zero.
plot sin from 0 to 1 log ylim [-1, 1]
