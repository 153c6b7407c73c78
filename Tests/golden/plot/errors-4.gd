# Bad ranges and functions give clear errors or notes, never a crash.
plot sin
