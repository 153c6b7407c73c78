# An error names its place, shows the line and a caret, and hints at the fix.
f(x, y) = x*y; f'
