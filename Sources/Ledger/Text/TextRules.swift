/// The lexical rules of SPEC §3 for ids, slugs and free text.
enum TextRules {
    /// Longest text field, in bytes of UTF-8.
    static let maxTextBytes = 2000

    /// `[a-z0-9][a-z0-9-]{0,63}`.
    static func isSlug(_ s: String) -> Bool {
        let bytes = s.utf8
        guard (1...64).contains(bytes.count), let first = bytes.first, isLowerAlnum(first) else { return false }
        return bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// `[A-Za-z0-9._:-]{1,128}`.
    static func isEventID(_ s: String) -> Bool {
        let bytes = s.utf8
        guard (1...128).contains(bytes.count) else { return false }
        return bytes.allSatisfy { b in
            isLowerAlnum(b) || (b >= 0x41 && b <= 0x5A) || b == 0x2E || b == 0x5F || b == 0x3A || b == 0x2D
        }
    }

    /// Why `s` is not acceptable free text, or nil when it is.
    static func textProblem(_ s: String) -> String? {
        if s.utf8.count > maxTextBytes {
            return "is \(s.utf8.count) bytes long; the limit is \(maxTextBytes) bytes of UTF-8"
        }
        for scalar in s.unicodeScalars where isForbiddenControl(scalar.value) {
            return "contains the control character U+\(hex4(scalar.value))"
        }
        return nil
    }

    /// Control characters that free text may not hold (tab is allowed).
    static func isForbiddenControl(_ v: UInt32) -> Bool {
        (v < 0x20 && v != 0x09) || v == 0x7F || (0x80...0x9F).contains(v)
    }

    static func hex4(_ v: UInt32) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private static func isLowerAlnum(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
    }
}
