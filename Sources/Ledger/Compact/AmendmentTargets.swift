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
        // The lines whose id's hash is wanted (a few per amendment), found on every core from
        // the hashes alone; then only their ids are read back and compared.
        let candidates = wanted.candidates(in: facts, below: amendments.last ?? 0)
        let named = wanted.named(among: candidates.count, piece: 1024) { k -> EventID? in
            let r = facts[candidates[k]].reference
            return r >= 0 ? reference[Int(r)].id : source.id(at: candidates[k])
        }
        var found: [EventID: Int] = [:]
        for (k, id) in named where found[id] == nil { found[id] = candidates[k] }
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

    /// The positions among `0..<count` whose event's id is wanted, with that id, in
    /// increasing order. The ids are read (most of them back from the log) on every core.
    /// - Parameters:
    ///   - piece: positions per part.
    ///   - id: the id of the event at a position; nil for one to pass over.
    package func named(among count: Int, piece: Int = Parallel.piece,
                       _ id: @Sendable (Int) -> EventID?) -> [(position: Int, id: EventID)] {
        Parallel.map(count, piece: piece) { range in
            range.compactMap { k -> (position: Int, id: EventID)? in
                guard let id = id(k), let ids = ids(hashed: Fact.hash(id)), ids.contains(id) else { return nil }
                return (k, id)
            }
        }.flatMap { $0 }
    }

    /// The positions among `facts[..<count]` whose id's hash is wanted, in increasing order:
    /// the lines an amendment may name. Only the hashes are read, in place, on every core.
    package func candidates(in facts: [Fact], below count: Int) -> [Int] {
        facts.withUnsafeBufferPointer { facts in
            // Read, never written, by every part.
            nonisolated(unsafe) let facts = facts
            return Parallel.map(min(count, facts.count)) { range in
                var found: [Int] = []
                for k in range where ids(hashed: facts[k].idHash) != nil { found.append(k) }
                return found
            }.flatMap { $0 }
        }
    }

    /// The wanted ids whose hash is `hash` (almost always one), or nil when none is.
    package func ids(hashed hash: UInt64) -> [EventID]? {
        guard filter[Int(hash & UInt64(WantedIDs.bits - 1)) >> 6] & (1 << (hash & 63)) != 0 else { return nil }
        return byHash[hash]
    }
}
