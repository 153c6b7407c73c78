print("bench-numeric: not written yet")
