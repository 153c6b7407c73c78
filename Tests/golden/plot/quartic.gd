# The lecture quartic, its rate-0.3 path and its rate-1 bouncing path, in braille and ASCII.
f(x) = (x^4 - 15x^3 + 80x^2 - 180x + 144)/10
plot f from 1 to 6.75
r = descend f from 4 rate 0.3 steps 19;
plot r on f from 1 to 6.75
plot r on f from 1 to 6.75 ascii
b = descend f from 4 rate 1 steps 19;
plot b on f
plot b on f ascii
