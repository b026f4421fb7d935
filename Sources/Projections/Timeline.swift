import Ledger

/// One row of `timeline` (SPEC §5, keys of §6).
public struct TimelineRow: Sendable, Equatable {
    public var seq: Int
    public var id: EventID
    public var type: EventType
    /// As written.
    public var date: String
    public var earliest: Day
    public var latest: Day
    /// The latest day is not after the as-of day.
    public var certain: Bool
    public var member: MemberID?
    public var network: NetworkID?
    /// What happened, in words.
    public var summary: String
    /// A known correction changed the event.
    public var corrected: Bool
    public var source: String?
    /// The event's free-text note, as corrected.
    public var note: String?
}

/// The rows of a timeline, made a piece at a time from the lines of their events: what a
/// timeline of a million rows is written from, none of its rows held but the pieces being
/// written.
public struct TimelineRows: Sendable {
    let replay: Replay
    /// The places in the facts of the events shown, in §4 order.
    let shown: [Int32]
    let asOf: Day

    /// How many events are shown: the most rows there are.
    public var count: Int { shown.count }

    /// The rows of the events at `range` (places among those shown), in order; an event
    /// whose line can no longer be read (the file changed under the reader) has none.
    public func rows(in range: Range<Int>) -> [TimelineRow] {
        range.compactMap { replay.timelineRow(at: shown[$0], asOf: asOf) }
    }

    /// Every row, made on every core.
    public func all() -> [TimelineRow] {
        replay.timelineRows(shown, asOf: asOf)
    }
}

extension Replay {
    /// The rows `timeline` gives, to be made a piece at a time (`TimelineRows.rows(in:)`).
    public func timelineRows(asOf: Day, member: MemberID?, network: NetworkID?, from: EDTFDate?, to: EDTFDate?) -> TimelineRows {
        TimelineRows(replay: self, shown: timelineIndexes(asOf: asOf, member: member, network: network, from: from, to: to),
                     asOf: asOf)
    }

    /// The timeline as of `asOf` (SPEC §5): the events that have a `date` (not registrations,
    /// the genesis or amendments) whose earliest day is not after `asOf`, in §4 order.
    ///
    /// Filters, all optional and combined with "and":
    /// - `from` / `to`: keep events whose span overlaps [from's earliest day, to's latest day];
    /// - `network`: keep events whose `network` or `into` is it;
    /// - `member`: keep events whose `member` is it, and the mergers, closures and renames of
    ///   networks where it has a commitment (any commitment started by `asOf`, ended or not;
    ///   a merger counts when either its `network` or its `into` is such a network).
    ///
    /// `certain` is true when the latest day is not after `asOf`; `corrected` when a known
    /// correction changed the event.
    /// - Complexity: O(n) over the facts, plus one fold when `member` is given; each row
    ///   shown reads its event back from its line, on every core.
    public func timeline(asOf: Day, member: MemberID?, network: NetworkID?, from: EDTFDate?, to: EDTFDate?) -> [TimelineRow] {
        timelineRows(asOf: asOf, member: member, network: network, from: from, to: to).all()
    }

    /// The rows of the facts at `shown`, in that order; a fact whose line cannot be read is
    /// left out.
    /// - Parameter piece: rows per piece of work.
    func timelineRows(_ shown: [Int32], asOf: Day, piece: Int = Parallel.piece) -> [TimelineRow] {
        // Each row reads its line back and words it: pieces of rows on every core, each
        // made in its place in the array (no piece copied into it after).
        return [TimelineRow](unsafeUninitializedCapacity: shown.count) { buffer, initialized in
            nonisolated(unsafe) let base = buffer.baseAddress
            let made = Parallel.map(shown.count, piece: piece) { range in
                var end = range.lowerBound
                for i in range {
                    guard let row = timelineRow(at: shown[i], asOf: asOf) else { continue }
                    (base! + end).initialize(to: row)
                    end += 1
                }
                return range.lowerBound..<end
            }
            // Rows whose line could not be read (the file changed under the reader) leave a
            // gap at the end of their piece: the pieces after it move down.
            initialized = 0
            for piece in made {
                if piece.lowerBound != initialized { (base! + initialized).moveInitialize(from: base! + piece.lowerBound, count: piece.count) }
                initialized += piece.count
            }
        }
    }

    /// The places in `facts` of the events `timeline` shows, in §4 order.
    func timelineIndexes(asOf: Day, member: MemberID?, network: NetworkID?, from: EDTFDate?, to: EDTFDate?) -> [Int32] {
        let m = member.map { handle($0.rawValue) ?? -2 }, n = network.map { handle($0.rawValue) ?? -2 }
        let memberNetworks: Set<Int32> = m.map { m in Set(book(asOf: asOf).commitments(of: m).map(\.network)) } ?? []
        var shown: [Int32] = []
        for index in ordered {
            let fact = facts[Int(index)]
            guard fact.earliestDay <= asOf else { break }
            if let from, fact.latestDay < from.earliest { continue }
            if let to, fact.earliestDay > to.latest { continue }
            if let n, fact.network != n && fact.into != n { continue }
            if let m, fact.member != m {
                switch fact.type {
                case .merger:
                    guard memberNetworks.contains(fact.network) || memberNetworks.contains(fact.into) else { continue }
                case .closure, .rename:
                    guard memberNetworks.contains(fact.network) else { continue }
                default:
                    continue
                }
            }
            shown.append(index)
        }
        return shown
    }

    /// The timeline row of the fact at `index`, its event read back from its line; nil when
    /// the line cannot be read.
    /// - Parameter registered: the registered names of the members whose registrations this
    ///   replay holds as facts alone (`registeredNames`, a range's replay), by handle; nil to
    ///   take every name from the registry.
    func timelineRow(at index: Int32, asOf: Day, registered: [Int32: String]? = nil) -> TimelineRow? {
        guard let event = event(at: index), let date = event.date else { return nil }
        var names = Summary.names(for: event, in: registry)
        if let registered {
            let order = EventOrder(event), registry = self.registry, strings = self.names
            names.member = { id in
                guard let handle = strings.find(id.rawValue), let name = registered[handle] else { return id.rawValue }
                return registry.name(of: id, before: order, registered: name)
            }
        }
        return TimelineRow(seq: event.seq, id: event.id, type: event.type, date: date.text,
                           earliest: date.earliest, latest: date.latest, certain: date.latest <= asOf,
                           member: event.member, network: event.network,
                           summary: Summary.text(event, names: names),
                           corrected: facts[Int(index)].isCorrected, source: event.source, note: event.note)
    }
}
