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
    func ranks() -> [Int32] {
        var order = Array(Int32(0)..<Int32(strings.count))
        strings.withUnsafeBufferPointer { strings in order.sort { strings[Int($0)] < strings[Int($1)] } }
        var rank = [Int32](repeating: 0, count: strings.count)
        for (place, handle) in order.enumerated() { rank[Int(handle)] = Int32(place) }
        return rank
    }
}
