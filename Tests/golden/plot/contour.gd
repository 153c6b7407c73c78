# Level curves of 4a^2 + b^2 with a descent path crossing them.
g(a, b) = 4a^2 + b^2
plot g from [-2, -2] to [2, 2]
s = descend g from [1.5, 1.8] rate 0.1 steps 20;
plot s on g
plot s on g ascii
