# Bad ranges and functions give clear errors or notes, never a crash.
f(x, y, z) = x + y + z
plot f from 0 to 1
