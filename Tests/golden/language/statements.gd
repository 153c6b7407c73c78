# A statement followed by `;` prints nothing; a bare expression binds ans.
a = 1; b = 2; a + b
ans * 10
c = 5;
c
# Inside brackets newlines do not end a statement; a trailing \ continues it.
w = [1,
     2,
     3]
w
total = 1 + \
        2
total
# Unbound names stay symbolic.
z^2 + 3z
who
clear a
who
reset
who
