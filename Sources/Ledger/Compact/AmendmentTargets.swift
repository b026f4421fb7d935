extension FactLog {
    /// The position of each amendment's target: the first line before the last amendment
    /// whose id is the one the amendment names (ids absent from the log are left out).
    ///
    /// Facts keep a hash of their id, not the id: a line whose hash is wanted is read back
    /// (`reference` or `source`) to compare the id itself. Most lines are passed over on one
    /// load from a bit table of the wanted hashes, without the dictionary's own hashing.
    /// - Parameters:
    ///   - amendments: the positions of the corrections and retractions, in log order (their
    ///     whole events are in `reference`).
    ///   - source: reads back the line of a fact that keeps no whole event.
    package static func targets(of amendments: [Int], facts: [Fact], reference: [Event],
                                source: LineSource) -> [EventID: Int] {
        let wanted = WantedIDs(amendments.lazy.compactMap { reference[Int(facts[$0].reference)].target })
        // Split across the cores: each stretch finds its own first lines, kept in log order.
        let pieces = Parallel.map(amendments.last ?? 0) { range -> [EventID: Int] in
            var found: [EventID: Int] = [:]
            for index in range {
                guard let ids = wanted.ids(hashed: facts[index].idHash) else { continue }
                let r = facts[index].reference
                guard let event = r >= 0 ? reference[Int(r)] : source.event(at: index) else { continue }
                if ids.contains(event.id), found[event.id] == nil { found[event.id] = index }
            }
            return found
        }
        var found: [EventID: Int] = [:]
        for piece in pieces {
            for (id, index) in piece where found[id] == nil { found[id] = index }
        }
        return found
    }
}

/// The ids some amendments name, for finding their lines among many by the hash each fact
/// keeps of its id (`Fact.idHash`). Most hashes are ruled out on one load from a bit table,
/// without the dictionary's own hashing; a hash it lets through names ids whose lines are
/// then read back, to compare the ids themselves.
package struct WantedIDs: Sendable {
    private static let bits = 1 << 20
    private let byHash: [UInt64: [EventID]]
    private let filter: [UInt64]

    /// The ids named by amendments (each once or more).
    package init(_ ids: some Sequence<EventID>) {
        byHash = ids.reduce(into: [:]) { wanted, id in wanted[Fact.hash(id), default: []].append(id) }
        filter = byHash.keys.reduce(into: [UInt64](repeating: 0, count: WantedIDs.bits / 64)) { filter, hash in
            filter[Int(hash & UInt64(WantedIDs.bits - 1)) >> 6] |= 1 << (hash & 63)
        }
    }

    /// The wanted ids whose hash is `hash` (almost always one), or nil when none is.
    package func ids(hashed hash: UInt64) -> [EventID]? {
        guard filter[Int(hash & UInt64(WantedIDs.bits - 1)) >> 6] & (1 << (hash & 63)) != 0 else { return nil }
        return byHash[hash]
    }
}
