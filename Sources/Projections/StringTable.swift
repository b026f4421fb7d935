import Ledger

/// The strings a row names, by handle: `string(_:)` of an `Interner`, or of a table made
/// from one once (`StringTable`), which a status of a million rows reads instead of making
/// and checking each member's, network's and date's `String` again from bytes.
protocol NameLookup: Sendable {
    func string(_ handle: Int32) -> String
}

extension Interner: NameLookup {}

/// Every string of an `Interner` as a `String`, made once.
struct StringTable: NameLookup {
    private let strings: [String]

    init(_ names: Interner) {
        strings = names.strings()
    }

    /// The table of strings already made, by handle.
    init(strings: [String]) {
        self.strings = strings
    }

    func string(_ handle: Int32) -> String { strings[Int(handle)] }

    /// Each handle's place when every string is sorted (as `String`s compare): what rows
    /// sort slugs by, ranked once for all of them.
    ///
    /// Two ASCII strings compare as their bytes do, and most are told apart by their first
    /// eight, compared as one number held beside the handle; any other pair compares as
    /// `String`s (a non-ASCII string's order is its normalized scalars', not its bytes').
    /// A million members' slugs took a second and a half compared as `String`s throughout.
    func ranks() -> [Int32] {
        struct Keyed {
            /// The first eight bytes (`ByteOrder.word`).
            var prefix: UInt64
            var handle: Int32
            var ascii: Bool
        }
        var keyed = strings.indices.map { k -> Keyed in
            let key = { (bytes: UnsafeBufferPointer<UInt8>) in (ByteOrder.word(bytes, from: 0), bytes.allSatisfy { $0 < 0x80 }) }
            let utf8 = strings[k].utf8
            let (prefix, ascii) = utf8.withContiguousStorageIfAvailable(key) ?? Array(utf8).withUnsafeBufferPointer(key)
            return Keyed(prefix: prefix, handle: Int32(k), ascii: ascii)
        }
        strings.withUnsafeBufferPointer { strings in
            keyed.sort { a, b in
                if a.ascii && b.ascii && a.prefix != b.prefix { return a.prefix < b.prefix }
                return strings[Int(a.handle)] < strings[Int(b.handle)]
            }
        }
        var rank = [Int32](repeating: 0, count: strings.count)
        for (place, entry) in keyed.enumerated() { rank[Int(entry.handle)] = Int32(place) }
        return rank
    }
}
