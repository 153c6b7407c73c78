# ylim takes [lower, upper], lower first.
plot sin from 0 to 1 ylim [1, -1]
