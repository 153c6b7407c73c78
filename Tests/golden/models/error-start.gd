# Every parameter needs a value by name, and only parameters.
f(W, b) = sum((W @ [1, 2] + b)^2)
descend f from (W = zeros(2, 2), c = 1) steps 1
