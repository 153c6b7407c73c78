# The lectures' quartic, with rates far too large.
q(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
# Three steps take the loss from 0 to about 2e290: divergence by orders of magnitude.
descend q from 4 rate 1e6 steps 3
# The loss overflows: at x ≈ 1e194 the quartic's terms are inf, and inf − inf is nan.
descend q from 4 rate 100
