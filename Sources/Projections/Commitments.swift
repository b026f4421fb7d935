import Ledger
import Prefetch

/// One commitment of a member to a network: one row of the compliance status.
///
/// Opened by a start event, or by a merger carrying an open commitment into another
/// network (a new commitment that keeps the start event, milestones, recognition and
/// suspension, and so its vintage). Events are positions in the replay's facts.
struct Commitment: Sendable {
    /// Why a commitment ended.
    enum Reason: String, Sendable {
        case withdrawn, closed, merged, renewed
    }

    /// The event that ended a commitment, and why.
    struct Ending: Sendable {
        var reason: Reason
        var event: Int32
    }

    /// Milestones by name, in the order first met: the first four held in the commitment
    /// (an array of their own was allocated as the fold met the first, grown twice after,
    /// and read through a pointer to another cache line).
    typealias Milestones = MilestoneList<4, Int32>
    /// The first milestone of one name (a position in the facts), and the latest day among
    /// the milestones of that name.
    typealias Milestone = Milestones.Milestone

    var member: Int32
    /// The network it is in (for a carried commitment, the network it was carried into).
    var network: Int32
    /// How it began: the start's type, or nil for a merger.
    var via: EventType?
    /// The start event (kept across mergers).
    var start: Int32
    /// The network of the start event, whose vintages bind it for life.
    var origin: Int32
    /// The mergers that carried it here, oldest first (empty unless it came by merger).
    var mergers: [Int32] = []
    /// Milestones by name, in the order first met.
    var milestones = Milestones(placeholder: -1)
    /// The recognition in effect (the latest one), or -1.
    var recognition: Int32 = -1
    /// The suspension in effect, or -1.
    var suspension: Int32 = -1
    var ending: Ending?
    /// Every event that shaped it, for the audit trail (kept only when asked for).
    var events: [Int32] = []
    /// Creation order in the fold: the last tie-break of the row order.
    var serial: Int32

    /// Starts loading the commitment at `commitment` (every cache line it may span).
    static func prefetch(_ commitment: UnsafePointer<Commitment>) {
        let start = UnsafeRawPointer(commitment)
        for offset in stride(from: 0, to: MemoryLayout<Commitment>.size, by: 64) { Prefetch.prefetch(start + offset) }
        Prefetch.prefetch(start + MemoryLayout<Commitment>.size - 1)
    }

    /// Adds a milestone event (folded in §4 order).
    mutating func addMilestone(_ fact: Fact, at index: Int32) {
        milestones.add(name: fact.detail, first: index, latestDay: fact.latest)
    }
}

/// The commitments as of a day: the fold of SPEC §5 over the dated events in §4 order.
struct CommitmentBook: Sendable {
    /// Every commitment started by the day, ended ones included, in creation order.
    private(set) var commitments: [Commitment] = []
    /// The open commitment of each member in each network (an index into `commitments`).
    private(set) var open: OpenCommitments
    /// The first merger or closure of each network that has one (a position in the facts).
    private(set) var networkEnding: [Int32: Int32] = [:]
    /// Life events of a pair that has no open commitment yet when they are folded: on the
    /// day of a merger, a life event in `into` sorts before the merger (rank 1 or 2 < 3)
    /// although the commitment it belongs to arrives with the merger. Adopted by that merger.
    private var waiting: [UInt64: [Int32]] = [:]
    private let tracking: Bool

    /// Folds the replay's ordered events up to and including every event whose earliest day
    /// is not after `day`. With `tracking`, each commitment lists the events that shaped it.
    /// - Complexity: O(n) steps of `OpenCommitments` for the n events folded, plus, per merger
    ///   or closure, one pass over that table and O(k log k) for the k commitments it moves
    ///   or ends. No event is copied.
    init(_ replay: Replay, through day: Day, tracking: Bool = false) {
        self.tracking = tracking
        // Room for the commitments the starts open, and a few that mergers carry: grown
        // from nothing, the array was copied into fresh memory a dozen times.
        commitments.reserveCapacity(replay.starts + replay.starts / 16 + 16)
        open = OpenCommitments(expecting: replay.starts)
        let limit = day.ordinal
        replay.facts.withUnsafeBufferPointer { facts in
            // The facts are read in §4 order, which jumps all over the array: they are copied
            // a batch at a time first, so that the batch's cache misses overlap instead of
            // each one stalling the fold in turn.
            let ordered = replay.ordered
            withUnsafeTemporaryAllocation(of: Fact.self, capacity: 32) { batch in
                var start = 0
                fold: while start < ordered.count {
                    let size = min(32, ordered.count - start)
                    for j in 0..<size { (batch.baseAddress! + j).initialize(to: facts[Int(ordered[start + j])]) }
                    // Then their pairs' slots are loaded ahead, and the commitments those
                    // name ahead of their turn (a stale guess only costs the hint).
                    for j in 0..<size { open.prefetch(member: batch[j].member, network: batch[j].network) }
                    for j in 0..<size {
                        if j + 8 < size { prefetchCommitment(of: batch[j + 8]) }
                        let fact = batch[j]
                        guard fact.earliest <= limit else { break fold }
                        step(fact, at: ordered[start + j], facts: facts)
                    }
                    start += size
                }
            }
        }
    }

    /// Starts loading the open commitment `fact` will change. (Loading its milestones' storage
    /// too, four facts later, was tried: no faster.)
    private func prefetchCommitment(of fact: Fact) {
        switch fact.type {
        case .milestone, .recognition, .suspension, .reinstatement, .withdrawal: break
        default: return
        }
        guard let c = open[fact.member, fact.network] else { return }
        commitments.withUnsafeBufferPointer { Commitment.prefetch($0.baseAddress! + Int(c)) }
    }

    /// Folds one fact (at position `index`) into the book.
    private mutating func step(_ fact: Fact, at index: Int32, facts: UnsafeBufferPointer<Fact>) {
        switch fact.type {
        case .membership, .signature, .selection:
            begin(fact, at: index)
        case .milestone, .recognition, .suspension, .reinstatement, .withdrawal:
            if let c = open[fact.member, fact.network] {
                apply(fact, at: index, to: c)
            } else {
                waiting[CommitmentBook.pair(fact.member, fact.network), default: []].append(index)
            }
        case .merger:
            merge(fact, at: index, facts: facts)
        case .closure:
            close(fact, at: index)
        default:
            return
        }
    }

    static func pair(_ member: Int32, _ network: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: network)) << 32 | UInt64(UInt32(bitPattern: member))
    }

    /// The commitments of one member, in creation order.
    func commitments(of member: Int32) -> [Commitment] {
        commitments.filter { $0.member == member }
    }

    // MARK: - Folding

    /// A start: renews the pair's open commitment, if any, and opens a new one.
    private mutating func begin(_ fact: Fact, at index: Int32) {
        if let c = open[fact.member, fact.network] { end(c, .renewed, by: index) }
        var commitment = Commitment(member: fact.member, network: fact.network, via: fact.type, start: index,
                                    origin: fact.network, serial: Int32(commitments.count))
        if tracking { commitment.events = [index] }
        open[fact.member, fact.network] = Int32(commitments.count)
        commitments.append(commitment)
    }

    /// A life event on an open commitment.
    private mutating func apply(_ fact: Fact, at index: Int32, to c: Int32) {
        let k = Int(c)
        if tracking { commitments[k].events.append(index) }
        switch fact.type {
        case .milestone: commitments[k].addMilestone(fact, at: index)
        case .recognition: commitments[k].recognition = index
        case .suspension: commitments[k].suspension = index
        case .reinstatement: commitments[k].suspension = -1
        case .withdrawal: end(c, .withdrawn, by: index)
        default: break
        }
    }

    /// A merger: ends every open commitment of `network` (merged) and carries each into
    /// `into`, ending first (renewed) any commitment the member already has open there.
    private mutating func merge(_ fact: Fact, at index: Int32, facts: UnsafeBufferPointer<Fact>) {
        let from = fact.network, into = fact.into
        if networkEnding[from] == nil { networkEnding[from] = index }
        let moving = open.removeAll(of: from)
        for (member, c) in moving {
            end(c, .merged, by: index)
            if let existing = open[member, into] { end(existing, .renewed, by: index) }
            var carried = commitments[Int(c)]
            carried.network = into
            carried.via = nil
            carried.mergers.append(index)
            carried.ending = nil
            carried.serial = Int32(commitments.count)
            if tracking { carried.events.append(index) }
            open[member, into] = Int32(commitments.count)
            commitments.append(carried)
            if let early = waiting.removeValue(forKey: CommitmentBook.pair(member, into)) {
                for life in early where facts[Int(life)].earliest == fact.earliest {
                    guard let now = open[member, into] else { break }
                    apply(facts[Int(life)], at: life, to: now)
                }
            }
        }
    }

    /// A closure: ends every open commitment of the network.
    private mutating func close(_ fact: Fact, at index: Int32) {
        if networkEnding[fact.network] == nil { networkEnding[fact.network] = index }
        for (_, c) in open.removeAll(of: fact.network) { end(c, .closed, by: index) }
    }

    /// Ends a commitment, recording the event that ended it.
    private mutating func end(_ c: Int32, _ reason: Commitment.Reason, by index: Int32) {
        let k = Int(c)
        commitments[k].ending = Commitment.Ending(reason: reason, event: index)
        if tracking { commitments[k].events.append(index) }
        let member = commitments[k].member, network = commitments[k].network
        if open[member, network] == c { open[member, network] = nil }
    }
}
