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
        var found: [EventID: Int] = [:]
        let named = wanted.named(among: amendments.last ?? 0) { index -> Event? in
            guard wanted.ids(hashed: facts[index].idHash) != nil else { return nil }
            let r = facts[index].reference
            return r >= 0 ? reference[Int(r)] : source.event(at: index)
        }
        for (index, id) in named where found[id] == nil { found[id] = index }
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

    /// The positions among `0..<count` whose event names a wanted id, with that id, in
    /// increasing order. The events are read (most of them back from the log) on every core.
    /// - Parameters:
    ///   - piece: positions per part.
    ///   - event: the event at a position; nil for one to pass over (whose id's hash, say, is
    ///     not wanted: nothing need be read for it).
    package func named(among count: Int, piece: Int = Parallel.piece,
                       _ event: @Sendable (Int) -> Event?) -> [(position: Int, id: EventID)] {
        Parallel.map(count, piece: piece) { range in
            range.compactMap { k -> (position: Int, id: EventID)? in
                guard let event = event(k), let ids = ids(hashed: Fact.hash(event.id)), ids.contains(event.id) else { return nil }
                return (k, event.id)
            }
        }.flatMap { $0 }
    }

    /// The wanted ids whose hash is `hash` (almost always one), or nil when none is.
    package func ids(hashed hash: UInt64) -> [EventID]? {
        guard filter[Int(hash & UInt64(WantedIDs.bits - 1)) >> 6] & (1 << (hash & 63)) != 0 else { return nil }
        return byHash[hash]
    }
}
