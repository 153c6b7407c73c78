# quit ends a script with status 0; nothing after it runs.
1 + 1
quit
3 + 3
