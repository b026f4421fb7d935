import Ledger

/// What the known amendments of a log come to, worked out once for the replays of many
/// parts of it (`StatusInRanges`, whose every range holds the core: the lines that keep a
/// whole event, amendments among them). Each range's replay would otherwise look for the
/// same targets and correct the same registrations again.
struct SharedAmendments: Sendable {
    /// The seq of each known amendment's target, by the amendment's seq: the first line with
    /// the id it names before the last amendment known, as `FactLog.targets` finds it in the
    /// whole log. Amendments whose target is in no line are left out.
    var targets: [Int32: Int32] = [:]
    /// The seqs of the targets, each once, in increasing order: each range finds those it
    /// holds in one pass forward over its facts (`Replay.positions(ofSeqs:in:)`).
    var targetSeqs: [Int32] = []
    /// Each corrected reference event (by its place in the core's `reference`) as every
    /// known correction leaves it, with its fact (its `reference` set, its flags not).
    var reference: [Int32: (event: Event, fact: Fact)] = [:]
    /// How many amendments are known: a replay that knows another number (its part of the log
    /// ends what is known elsewhere, which only a log whose `recorded` goes back can do)
    /// works its amendments out itself.
    var known = 0

    /// Finds the targets in the core, then in the spill as it is shared out.
    struct Search {
        private let core: FactLog
        private let wanted: WantedIDs
        /// The known amendments' positions in the core, in log order.
        private let amendments: [Int]
        /// Lines before this one may be targets.
        private let bound: Int32
        /// Lines whose id's hash is wanted: seq, line start, and whole event in the core (or -1).
        private var candidates: [(seq: Int32, start: Int, reference: Int32)] = []

        init(core: FactLog, knownAt: KnownAt?) {
            self.core = core
            let known = Replay.knownCount(core.facts, knownAt)
            amendments = (0..<known).filter { core.facts[$0].type.isAmendment }
            wanted = WantedIDs(amendments.lazy.compactMap { core.reference[Int(core.facts[$0].reference)].target })
            bound = amendments.last.map { core.facts[$0].seq } ?? 0
            let starts = core.lineStarts ?? []
            for (c, fact) in core.facts.enumerated() { consider(fact, start: starts[c]) }
        }

        /// Notes `fact` (whose line starts at `start`) if its id's hash is wanted: whether a
        /// known amendment may name it.
        @discardableResult
        mutating func consider(_ fact: Fact, start: Int) -> Bool {
            guard fact.seq < bound, wanted.ids(hashed: fact.idHash) != nil else { return false }
            candidates.append((fact.seq, start, fact.reference))
            return true
        }

        /// The amendments worked out, once every line has been considered; the lines of
        /// candidates that keep no whole event are read back from `file`. A corrected
        /// reference event that names a string not in `names` is left to each replay, which
        /// gives the string its handle.
        func finish(file: MappedFile, names: Interner) -> SharedAmendments {
            var shared = SharedAmendments()
            shared.known = amendments.count
            guard !amendments.isEmpty else { return shared }
            let lines = LineSource(file: file, lineStarts: candidates.map(\.start))
            // The candidates' ids read back on every core (at 10M events, some 60,000 lines).
            let (candidates, reference) = (self.candidates, core.reference)
            let named = wanted.named(among: candidates.count, piece: 1024) { k -> EventID? in
                let r = candidates[k].reference
                return r >= 0 ? reference[Int(r)].id : lines.id(at: k)
            }
            var first: [EventID: Int32] = [:]
            for (k, id) in named {
                let seq = candidates[k].seq
                if let earlier = first[id], earlier < seq { continue }
                first[id] = seq
            }
            // In log order, as a replay takes them: each correction of a reference event
            // applied to what the ones before it left.
            var corrected: [Int32: Event] = [:]
            for index in amendments {
                let amendment = corrected[core.facts[index].reference] ?? core.reference[Int(core.facts[index].reference)]
                guard let id = amendment.target, let seq = first[id] else { continue }
                shared.targets[core.facts[index].seq] = seq
                guard amendment.type == .correction, case .object(let changes)? = amendment.value("set"),
                      let position = Replay.position(ofSeq: seq, in: core.facts) else { continue }
                let r = core.facts[position].reference
                guard r >= 0 else { continue }
                var event = corrected[r] ?? core.reference[Int(r)]
                for change in changes { try? event.set(change.key, to: change.value) }
                corrected[r] = event
            }
            shared.targetSeqs = Set(shared.targets.values).sorted()
            for (r, event) in corrected {
                var grown = names
                var fact = Fact(event, names: &grown)
                guard grown.count == names.count else { continue }
                fact.reference = r
                shared.reference[r] = (event, fact)
            }
            return shared
        }
    }
}
