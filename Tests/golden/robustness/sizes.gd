# A size that cannot fit is an error before anything is allocated.
zeros(1e12)
