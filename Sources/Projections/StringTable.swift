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
}
