# title "…": a line centred above the plot (and the SVG's title).
f(x) = (x - 2)^2
plot f from 0 to 4 title "A parabola and its minimum at 2"
