# A bare chain of comparisons does not chain.
(1 < 2) == true == false
