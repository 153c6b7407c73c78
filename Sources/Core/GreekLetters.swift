/// Greek letters by their LaTeX names: the one table read by the lexer's
/// `\theta` hint, the session's Tab completion and LaTeX output. Where two
/// names give one letter, the first listed is the one LaTeX output writes
/// (`\varepsilon` for ε, `\phi` for φ).
public let greekLetterNames: [(name: String, letter: String)] = [
    ("alpha", "α"), ("beta", "β"), ("gamma", "γ"), ("delta", "δ"), ("varepsilon", "ε"), ("epsilon", "ε"), ("zeta", "ζ"),
    ("eta", "η"), ("theta", "θ"), ("vartheta", "ϑ"), ("iota", "ι"), ("kappa", "κ"), ("lambda", "λ"), ("mu", "μ"),
    ("nu", "ν"), ("xi", "ξ"), ("omicron", "ο"), ("pi", "π"), ("rho", "ρ"), ("sigma", "σ"), ("tau", "τ"),
    ("upsilon", "υ"), ("phi", "φ"), ("varphi", "φ"), ("chi", "χ"), ("psi", "ψ"), ("omega", "ω"),
    ("Gamma", "Γ"), ("Delta", "Δ"), ("Theta", "Θ"), ("Lambda", "Λ"), ("Xi", "Ξ"), ("Pi", "Π"), ("Sigma", "Σ"),
    ("Upsilon", "Υ"), ("Phi", "Φ"), ("Psi", "Ψ"), ("Omega", "Ω"),
]

/// Name → letter, for reading `\theta` as θ.
public let greekLetters: [String: String] = Dictionary(greekLetterNames.map { ($0.name, $0.letter) }, uniquingKeysWith: { first, _ in first })

/// Letter → LaTeX command (`θ` → `\theta`); omicron has none in LaTeX
/// (it is written as a Latin o) and is left as it is.
public let greekLetterLatex: [Character: String] = {
    var table: [Character: String] = [:]
    for (name, letter) in greekLetterNames where name != "omicron" {
        guard let character = letter.first, table[character] == nil else { continue }
        table[character] = "\\" + name
    }
    return table
}()
