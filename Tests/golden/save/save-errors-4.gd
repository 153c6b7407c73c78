# save needs a file.
save [1, 2]
