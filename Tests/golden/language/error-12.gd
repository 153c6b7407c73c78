# An error names its place, shows the line and a caret, and hints at the fix.
θ0 = 1; θ1 = 2; loss(θ0, θ1) = θ0θ1 + 1
