# Octave's vector without commas.
x = [1 2 3]
