# An error names its place, shows the line and a caret, and hints at the fix.
a = 1; b = 2; clear c
