# A Python def with its body on the next line.
def loss(w):
