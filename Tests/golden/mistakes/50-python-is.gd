# Python tests identity with is (x is None): gd compares with == and has no None.
x = 1
x is None
