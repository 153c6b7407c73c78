# A command from another program (Octave's diary).
diary on
