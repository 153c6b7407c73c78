# A number is not a table.
save 3 to "/tmp/gd-golden-save-3.csv"
