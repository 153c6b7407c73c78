# Python 2's print statement.
print 3 + 4
