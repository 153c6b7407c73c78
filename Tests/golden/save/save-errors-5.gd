# save never replaces a device (or a folder) with a file.
save [1, 2] to "/dev/null"
