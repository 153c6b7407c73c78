# An error names its place, shows the line and a caret, and hints at the fix.
v = [1, 2]; v[0.5]
