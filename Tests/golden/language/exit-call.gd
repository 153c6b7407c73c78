# exit() as Python writes it ends the script too.
1 + 1
exit()
3 + 3
