# An error inside a function points at the call, with a note and caret at the definition.
f(x) = x + foo(x)
y = 2
f(3)
