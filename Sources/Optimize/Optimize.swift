// The Optimize module: gd's optimisers and dense linear algebra over plain
// Swift values. It knows nothing of the parser or the interpreter: an
// objective is anything conforming to `Objective` (closures in tests, compiled
// user functions in the interpreter), and every command has a pure renderer
// that turns its result into the text gd prints.
//
//   Objective.swift        the Objective protocol, ClosureObjective, evaluation counting
//   Descend.swift          descend: plain / momentum / decayed / line-searched gradient steps
//   DescendDiagnosis.swift bouncing, crawling and diverging, read from the path
//   Minimize.swift         minimize: options, SciPy's result record, method dispatch
//   BFGS.swift, LBFGS.swift, Newton.swift, ConjugateGradient.swift, NelderMead.swift
//   LineSearch.swift       Moré–Thuente (MINPACK-2 dcsrch) and the Nocedal–Wright zoom, as SciPy runs them
//   GradientCheck.swift    gradcheck: analytic against central differences
//   Stationary.swift       stationary points (1-D scan + Brent, n-D Newton) and classify
//   QuadraticSolve.swift   solve: the normal equations of a quadratic objective
//   LinearAlgebra.swift    LU, Cholesky, Householder QR least squares, Jacobi eigenvalues
//   Reports.swift          the renderers
//
// Numbers in reports use Core's formatNumber: full precision in SciPy-style
// records, 8 significant digits in tables, 4 in prose.
