# Bad ranges and functions give clear errors or notes, never a crash.
plot sin from 5 to 1
