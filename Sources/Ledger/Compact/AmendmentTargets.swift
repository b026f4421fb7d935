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
        let wanted: [UInt64: [EventID]] = amendments.reduce(into: [:]) { wanted, index in
            guard let id = reference[Int(facts[index].reference)].target else { return }
            wanted[Fact.hash(id), default: []].append(id)
        }
        let bits = 1 << 20
        let filter = wanted.keys.reduce(into: [UInt64](repeating: 0, count: bits / 64)) { filter, hash in
            filter[Int(hash & UInt64(bits - 1)) >> 6] |= 1 << (hash & 63)
        }
        // Split across the cores: each stretch finds its own first lines, kept in log order.
        let pieces = Parallel.map(amendments.last ?? 0) { range -> [EventID: Int] in
            var found: [EventID: Int] = [:]
            for index in range {
                let hash = facts[index].idHash
                guard filter[Int(hash & UInt64(bits - 1)) >> 6] & (1 << (hash & 63)) != 0, let ids = wanted[hash] else { continue }
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
