# Names written side by side on a slide: a warning, and the value.
diff(10x^3y^2 + 5xy^3 + 4x + y, x)
diff(10x^3*y^2 + 5x*y^3 + 4x + y, x)
