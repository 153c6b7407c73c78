/// How tightly gd's operators bind (higher binds tighter): the one table
/// read by the parser (`BinaryOperator.precedence`) and by every printer of
/// formulas (`Formula`, the syntax tree's printer), so printed text always
/// reads back as the tree it came from.
///
/// Unary minus sits between `*` and `^` (`-x^2` is `-(x^2)`, `-2*x` is
/// `(-2)*x`); `^` is right-associative; calls, indexing, fields and the
/// derivative mark bind tightest.
public enum Precedence {
    public static let comparison = 10
    public static let additive = 20
    public static let multiplicative = 30
    public static let unary = 40
    public static let power = 50
    public static let postfix = 60
    /// Numbers, names, calls and parenthesised forms.
    public static let atom = 70
}
