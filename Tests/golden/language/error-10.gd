# An error names its place, shows the line and a caret, and hints at the fix.
X = [[1, 2], [3, 4]]; X'
