# Python's capitalised True.
(1 < 2) == True
