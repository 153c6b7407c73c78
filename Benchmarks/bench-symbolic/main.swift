print("bench-symbolic: not written yet")
