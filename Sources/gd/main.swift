print("gd")
