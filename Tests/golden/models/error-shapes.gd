# W must have as many columns as x has elements, and as many rows as b.
f(W, b) = sum((W @ [1, 2] + b)^2)
descend f from (W = zeros(3, 2), b = zeros(2)) steps 1
