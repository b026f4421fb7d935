/// `--known-at` and the recorded timestamps: what parses is in range, and a parsed
/// recorded time written back reads the same.
enum FuzzKnownAt: FuzzTarget {
    static func run(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        if let knownAt = try? KnownAt.parse(text) {
            switch knownAt {
            case .seq(let n): check(n >= 0 && text.hasPrefix("seq:") && Int(text.dropFirst(4)) == n, "seq:N read wrongly from \(text)")
            case .instant(let t): check(t.nanoseconds >= 0 && t.nanoseconds < 1_000_000_000, "nanoseconds out of range")
            }
        }
        if let t = Timestamp.parseRFC3339(text) {
            check(t.nanoseconds >= 0 && t.nanoseconds < 1_000_000_000, "nanoseconds out of range in \(text)")
        }
        if let t = Timestamp.parseRecorded(text) {
            check(Timestamp.parseRecorded(t.description) == t, "a recorded time written back reads differently: \(text)")
        }
    }
}
