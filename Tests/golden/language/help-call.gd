# help() is help.
help()
