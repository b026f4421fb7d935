/// Whether bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
/// past U+10FFFF), checked in place: the decoders check every string of every line, and
/// making a `String` to find out costs an allocation each time.
enum UTF8Check {
    static func isValid(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        @inline(__always) func continuation(_ k: Int) -> Bool { k < n && b[k] & 0xC0 == 0x80 }
        while i < n {
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            switch c {
            case 0xC2...0xDF:
                guard continuation(i + 1) else { return false }
                i += 2
            case 0xE0...0xEF:
                guard i + 2 < n, continuation(i + 1), continuation(i + 2) else { return false }
                let second = b[i + 1]
                // E0 needs A0–BF (no overlong form); ED needs 80–9F (no surrogate).
                if c == 0xE0 && second < 0xA0 { return false }
                if c == 0xED && second > 0x9F { return false }
                i += 3
            case 0xF0...0xF4:
                guard i + 3 < n, continuation(i + 1), continuation(i + 2), continuation(i + 3) else { return false }
                let second = b[i + 1]
                // F0 needs 90–BF (no overlong form); F4 needs 80–8F (nothing past U+10FFFF).
                if c == 0xF0 && second < 0x90 { return false }
                if c == 0xF4 && second > 0x8F { return false }
                i += 4
            default:
                return false
            }
        }
        return true
    }
}
