# A tall matrix times a wide one: the product's size is checked first.
ones(1e6, 1) @ ones(1, 1e6)
