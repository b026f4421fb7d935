/// How many terminal columns text takes: combining marks and format characters 0,
/// East Asian wide and fullwidth characters (and most emoji) 2, others 1.
enum DisplayWidth {
    static func of(_ text: String) -> Int {
        // Printable ASCII alone, the common case: a column per byte.
        let printable = text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
        if printable == true { return text.utf8.count }
        var width = 0
        for scalar in text.unicodeScalars { width += of(scalar) }
        return width
    }

    static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v >= 0x20 && v < 0x7F { return 1 }  // printable ASCII: the common case
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B { return 0 }
        return wide.contains { $0.contains(v) } ? 2 : 1
    }

    /// East Asian wide and fullwidth blocks, and the emoji blocks terminals draw two wide.
    private static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
    ]

    /// `text` cut to at most `limit` columns, ending in "…" when cut.
    static func truncate(_ text: String, to limit: Int) -> String {
        // No scalar takes more columns than its UTF-8 has bytes.
        guard text.utf8.count > limit, of(text) > limit else { return text }
        var out = ""
        var width = 0
        for character in text {
            var w = 0
            for scalar in character.unicodeScalars { w += of(scalar) }
            if width + w > limit - 1 { break }
            out.append(character)
            width += w
        }
        return out + "…"
    }
}
