# An error names its place, shows the line and a caret, and hints at the fix.
g(x) = g(x) + 1; g(2)
