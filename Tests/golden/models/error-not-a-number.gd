# An objective gives one number; a vector of scores is not one.
scores(W) = W @ [1, 2]
minimize scores from (W = ones(2, 2))
