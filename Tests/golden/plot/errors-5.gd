# Bad ranges and functions give clear errors or notes, never a crash.
plot 1/x from -1 to 1
