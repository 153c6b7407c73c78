# A missing '*' between a number and a name (the one mistake that gets the '*' hint).
2 x
