# The file name is a string, and the folder must exist.
save [1, 2] to "/nonexistent-folder/w.csv"
