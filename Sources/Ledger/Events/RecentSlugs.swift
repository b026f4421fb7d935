/// The strings of the slugs met lately, by key, for a decoder reading many lines in a row:
/// a slug met again (a member on its run of lines, a milestone's name) is the same
/// `String` as before, not a new one (a network is a number: `NetworkSlugs`). A slug longer
/// than a small string (15 bytes) is otherwise allocated on every line that names it, and
/// freed again; and two slugs that share their storage compare equal at once.
///
/// A direct-mapped table of 64 entries, kept by the decoder of one piece of a log (one
/// thread); an entry is used only when its key and its bytes both match.
struct RecentSlugs {
    private var keys = InlineArray<64, UInt64>(repeating: 0)
    private var strings = InlineArray<64, String?>(repeating: nil)

    init() {}

    /// The text of `bytes` (valid UTF-8), its key worked out only where one is needed.
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        bytes.count > 15 ? string(bytes, key: Interner.hash(bytes)) : String(decoding: bytes, as: UTF8.self)
    }

    /// The text of `bytes` (valid UTF-8), whose key (`Interner.hash`) is `key`.
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>, key: UInt64) -> String {
        // Small strings live in the value itself: nothing to save.
        guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
        let slot = Int(truncatingIfNeeded: key >> 58)
        if keys[slot] == key, var known = strings[slot], known.withUTF8({ $0.elementsEqual(bytes) }) {
            return known
        }
        let text = String(decoding: bytes, as: UTF8.self)
        keys[slot] = key
        strings[slot] = text
        return text
    }
}
