# Newton's method with the exact Hessian (nhev counts Hessian evaluations).
beale(x, y) = (1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2
minimize beale from [1, 1] method newton
