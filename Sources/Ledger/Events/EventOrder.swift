/// The one order of SPEC §4 that every projection uses: earliest day, then rank,
/// then latest day, then seq.
public struct EventOrder: Comparable, Hashable, Sendable {
    public let earliest: Day
    public let rank: Int
    public let latest: Day
    public let seq: Int

    public init(earliest: Day, rank: Int, latest: Day, seq: Int) {
        self.earliest = earliest
        self.rank = rank
        self.latest = latest
        self.seq = seq
    }

    /// The order key of a dated event (nil for an event without a date).
    public init?(_ event: Event) {
        guard let date = event.date else { return nil }
        self.init(earliest: date.earliest, rank: event.type.rank, latest: date.latest, seq: event.seq)
    }

    public static func < (a: EventOrder, b: EventOrder) -> Bool {
        if a.earliest != b.earliest { return a.earliest < b.earliest }
        if a.rank != b.rank { return a.rank < b.rank }
        if a.latest != b.latest { return a.latest < b.latest }
        return a.seq < b.seq
    }
}
