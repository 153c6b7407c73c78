import Foundation

/// The named constants of the language: the one table read by evaluation,
/// the symbolic algebra, compiled programs, help and completion.
public enum Constants {
    /// Constants that stay names in symbolic results (`2*pi*x`, `e^x`),
    /// with their values.
    public static let symbolic: [String: Double] = ["e": M_E, "pi": Double.pi, "π": Double.pi]
    /// Every constant: the symbolic ones, and `inf` and `nan`, which are numbers.
    public static let all: [String: Double] = symbolic.merging(["inf": .infinity, "nan": .nan]) { first, _ in first }
}
