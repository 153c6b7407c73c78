# An error names its place, shows the line and a caret, and hints at the fix.
x = 3; x(x+1)
