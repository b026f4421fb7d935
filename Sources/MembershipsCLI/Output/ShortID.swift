/// An event id as text tables show it: in full, except an id the tool generated (a UUID,
/// 36 characters), which is shown as its first 8 characters and "…" — as `git` shows a
/// commit. `--target` and `audit --event` take the short form back (with or without the
/// "…") as long as one event's id starts with it; `--wide` shows every id in full.
enum ShortID {
    /// Characters kept of a generated id.
    static let kept = 8

    /// `id` as a table cell: shortened when it is a generated one and `wide` is false.
    static func text(_ id: String, wide: Bool) -> String {
        guard !wide, isGenerated(id) else { return id }
        return String(id.prefix(kept)) + "…"
    }

    /// Whether `id` has the shape of the ids the tool generates: 8-4-4-4-12 hexadecimal digits.
    static func isGenerated(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard bytes.count == 36 else { return false }
        for (i, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                let hex = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
                guard hex else { return false }
            }
        }
        return true
    }
}
