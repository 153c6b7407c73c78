# Several functions with a legend; an expression in x; an SVG file.
plot sin, cos from -3.14 to 3.14
plot x^2 - 4x + 5 from -1 to 5 ascii
plot x^2 from -1 to 1 to "parabola.svg"
