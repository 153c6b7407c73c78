# ylim [lower, upper]: the y range shown; what falls outside is cut at the frame.
plot exp from -2 to 3 ylim [0, 5]
