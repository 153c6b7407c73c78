# A command given an expression instead of a function's name.
descend (θ - 2)^2 from 5
