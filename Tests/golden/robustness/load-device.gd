# A device holds no text, and /dev/zero never ends: load refuses it before
# reading (a FIFO, a terminal and /proc files are read to their end: see
# Tests/DataTests/StreamReadingTests.swift).
t = load("/dev/zero")
