/// How many terminal columns text takes: most characters one, East Asian
/// wide and fullwidth characters and emoji two (as wcwidth counts them).
/// Braille, box-drawing and Greek letters are one column each, so a plot's
/// own characters always are; this matters for user-chosen names in titles
/// and legends (`θ₀` is two columns; a CJK name twice its length).
/// ANSI colour codes (ESC [ … m) take no columns.
func displayWidth(_ text: String) -> Int {
    var width = 0
    var inEscape = false
    for character in text {
        if inEscape {
            if character == "m" { inEscape = false }
        } else if character == "\u{1B}" {
            inEscape = true
        } else {
            width += displayWidth(character)
        }
    }
    return width
}

func displayWidth(_ character: Character) -> Int {
    guard let scalar = character.unicodeScalars.first else { return 0 }
    let value = scalar.value
    // A zero-width joiner sequence or a variation selector makes an emoji picture.
    if character.unicodeScalars.count > 1, character.unicodeScalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D }) {
        return 2
    }
    let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
    ]
    return wideRanges.contains { $0.contains(value) } ? 2 : 1
}

/// The longest start of `text` that fits in `width` columns.
func prefix(_ text: String, fittingWidth width: Int) -> String {
    var result = ""
    var used = 0
    for character in text {
        let next = displayWidth(character)
        if used + next > width { break }
        result.append(character)
        used += next
    }
    return result
}
