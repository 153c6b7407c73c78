# A name that is neither a parameter, a column nor bound.
f(W) = sum(W @ [1, 2]) + lambda*sum(W^2)
gradcheck f at (W = ones(2, 2))
