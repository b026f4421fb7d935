import Ledger

/// What status rows are ordered by: each member's and network's slug ranked among the
/// others in string order, in a table by handle (-1 for a handle not ranked).
///
/// Only the slugs rows can name are ranked, not every string of the log (a log of a million
/// events holds about two and a half million: names, dates as written, sources…). Slugs are
/// ASCII, whose order as `String`s is their bytes' order, so they are sorted by their bytes
/// (`MemberRanges.sortedByBytes`: a radix sort on their first eight, then the few that share
/// them); should any handle not be ASCII, all are sorted as `String`s.
enum SlugRanks {
    /// The ranks of the handles `naming` passes to the function it is given (each ranked
    /// once however often it is passed; negative ones, no string, passed over) among
    /// themselves, in a table as long as `names`.
    static func ranks(in names: Interner, naming: ((Int32) -> Void) -> Void) -> [Int32] {
        var rank = [Int32](repeating: -1, count: names.count)
        var handles: [Int32] = []
        naming { handle in
            guard handle >= 0, rank[Int(handle)] == -1 else { return }
            rank[Int(handle)] = 0
            handles.append(handle)
        }
        let ascii = handles.allSatisfy { handle in names.withBytes(handle) { bytes in bytes.allSatisfy { $0 < 0x80 } } }
        let sorted = ascii ? MemberRanges.sortedByBytes(handles, names)
            : handles.map { (handle: $0, name: names.string($0)) }.sorted { $0.name < $1.name }.map(\.handle)
        for (place, handle) in sorted.enumerated() { rank[Int(handle)] = Int32(place) }
        return rank
    }

    /// The ranks of every slug `facts` name as a member, a network or a merger's successor:
    /// every member and network of the commitments they fold into (more, ranked among them,
    /// changes no row's place).
    static func ranks(namedBy facts: [Fact], in names: Interner) -> [Int32] {
        ranks(in: names) { note in
            facts.withUnsafeBufferPointer { facts in
                for k in facts.indices {
                    note(facts[k].member)
                    note(facts[k].network)
                    note(facts[k].into)
                }
            }
        }
    }
}
