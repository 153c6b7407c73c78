/// The byte between a CSV file's fields: `,` (the default), `;` (the CSV of
/// spreadsheets in countries that write a decimal comma), a tab, or `|`.
public struct CSVDelimiter: Sendable, Equatable, CustomStringConvertible {
    public let byte: UInt8
    /// The largest byte that ends a field (the delimiter, CR or LF): one
    /// comparison rejects most bytes before the three exact tests.
    private let fieldEndCeiling: UInt8

    private init(ascii character: Unicode.Scalar) {
        byte = UInt8(ascii: character)
        fieldEndCeiling = max(byte, UInt8(ascii: "\r"))
    }

    public static let comma = CSVDelimiter(ascii: ",")
    public static let semicolon = CSVDelimiter(ascii: ";")
    public static let tab = CSVDelimiter(ascii: "\t")
    public static let bar = CSVDelimiter(ascii: "|")
    /// Every delimiter `load` accepts, in the order detection prefers them.
    public static let all: [CSVDelimiter] = [.comma, .semicolon, .tab, .bar]

    /// The delimiter written as one character (`";"`, `"\t"`); nil for any other text.
    public init?(_ text: String) {
        guard let found = Self.all.first(where: { String(UnicodeScalar($0.byte)) == text }) else { return nil }
        self = found
    }

    /// `','`, `';'`, `'|'`, or `tab`.
    public var description: String { self == .tab ? "tab" : "'\(Character(UnicodeScalar(byte)))'" }

    /// A field ends at the delimiter, CR or LF.
    @inline(__always)
    func endsField(_ candidate: UInt8) -> Bool {
        candidate <= fieldEndCeiling
            && (candidate == byte || candidate == UInt8(ascii: "\n") || candidate == UInt8(ascii: "\r"))
    }

    /// `;` files come from spreadsheets that write `1,5` for 1.5 (R's
    /// `read.csv2` reads them so): a field that is a number once its one
    /// comma is read as a point is that number.
    var readsDecimalComma: Bool { self == .semicolon }

    /// The delimiter of a file whose header line starts at `offset`.
    ///
    /// The rule: count `,`, `;`, tab and `|` outside quotes on the header
    /// line; the first of them in that order that occurs is the delimiter,
    /// and a header with none of them (one column) is read with `,`. So a
    /// header with a comma is always comma-separated (as before), and
    /// `x;y` or `x<TAB>y` is read as R's `read.csv2` or `read.delim` would.
    /// Only the header decides (not a vote over the rows, as Python's
    /// `csv.Sniffer` takes): in a `;` file the rows hold decimal commas, and
    /// a header is where the column count is declared.
    static func detect(in bytes: UnsafeBufferPointer<UInt8>, headerStart offset: Int) -> CSVDelimiter {
        var seen = Set<UInt8>()
        var inQuotes = false
        var index = offset
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
                seen.insert(byte)
            }
            index += 1
        }
        return all.first { seen.contains($0.byte) } ?? .comma
    }
}
