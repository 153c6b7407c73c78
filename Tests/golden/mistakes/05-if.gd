# A Python conditional.
if θ > 1: θ = 1
