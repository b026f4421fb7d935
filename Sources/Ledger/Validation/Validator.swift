/// Where a validator reads lines it has already admitted, when an amendment needs them
/// again (its target and the target's corrections; a later line to re-check).
public protocol StoredLines: AnyObject, Sendable {
    /// The event stored at line `seq`, as written (no correction applied); nil when it
    /// cannot be read.
    func event(at seq: Int) -> Event?
    /// The id of line `seq`, with its text; nil when it cannot be read. How an id stored by
    /// its key alone (`EventID(unreadKey:)`) is read back.
    func id(at seq: Int) -> EventID?
    /// The ids of the lines `seqs`, as `id(at:)` gives them, asked for together (every id of
    /// a log, for a hint).
    func ids(at seqs: [Int]) -> [EventID?]
}

extension StoredLines {
    public func id(at seq: Int) -> EventID? { event(at: seq)?.id }
    public func ids(at seqs: [Int]) -> [EventID?] { seqs.map { id(at: $0) } }
}

/// Where a validator resumed from a writer's cache finds the ids of the lines the cache
/// stands for (`LedgerIndex.idBase`).
protocol IDLookup: AnyObject, Sendable {
    /// The entry of `id`, confirmed by its line; nil when no line holds it.
    func entry(_ id: EventID) -> LedgerIndex.Entry?
    /// Every id and its entry.
    func allEntries() -> [EventID: LedgerIndex.Entry]
}

/// Admits events one at a time, in log order, enforcing every rule of SPEC §3.
///
/// Plain events are checked against the `LedgerIndex` alone. An amendment (correction or
/// retraction) changes what one earlier line says; the index re-checks only the lines
/// that this can change (`LedgerIndex+Amendments.swift`). For that it reads the target
/// line, its earlier corrections and, to name a line that would break, that line: from
/// the events it holds, or from `StoredLines`.
/// - Complexity: a plain event costs its member's record (its network's members for a
///   merger or closure); an amendment what its target touches. Neither depends on the
///   length of the log.
public struct Validator: Sendable {
    public private(set) var index: LedgerIndex
    /// Events admitted here, in order, from line `firstHeld` on (`Int.max`: none are kept).
    private var held: [Event] = []
    private let firstHeld: Int
    private let source: (any StoredLines)?

    /// A validator for an empty log that keeps what it admits (tests, small logs).
    public init() {
        index = LedgerIndex()
        firstHeld = 1
        source = nil
    }

    /// A validator resumed from `index` (empty for a new log).
    /// - Parameters:
    ///   - source: the lines already in the log (those the index stands for, or all of them).
    ///   - holding: whether to keep the events admitted from now on in memory (a writer's
    ///     tail and batch); false when `source` can read every line (`verify`).
    public init(index: LedgerIndex = LedgerIndex(), source: any StoredLines, holding: Bool) {
        self.index = index
        self.index.ids.lines = source
        self.source = source
        firstHeld = holding ? index.lastSeq + 1 : Int.max
    }

    /// Makes room for the ids of `lines` lines, when their number is known (a whole log).
    public mutating func reserveCapacity(_ lines: Int) {
        index.ids.reserveCapacity(lines)
    }

    /// Takes `table`, empty and with room made (`IDTable.reserveReady`, on another thread), as
    /// its table of ids, the ids admitted so far moved into it (`IDTable.moved(into:)`):
    /// `verify` checks its first lines while the large table is made.
    mutating func adopt(ids table: consuming IDTable) {
        index.ids = index.ids.moved(into: table)
    }

    /// Starts loading the slot of the ids' table where the id whose key is `key` is or would
    /// go, for a line checked a little later (`IDTable.prefetch`). Mutating so that the table
    /// is read where it lies (read through `index.ids` from outside, it was copied).
    @inline(__always)
    mutating func prefetchID(key: UInt64) {
        index.ids.prefetch(key: key)
    }

    /// Whether an id with this key is stored (`IDTable.holds(key:)`; mutating, as above).
    mutating func holdsID(key: UInt64) -> Bool {
        index.ids.holds(key: key)
    }

    /// The event stored at line `seq`, as written: from the events held here or the source.
    public func storedEvent(at seq: Int) -> Event? {
        Validator.lookup(seq, held: held, firstHeld: firstHeld, source: source)
    }

    private static func lookup(_ seq: Int, held: [Event], firstHeld: Int, source: (any StoredLines)?) -> Event? {
        guard seq >= firstHeld else { return source?.event(at: seq) }
        let i = seq - firstHeld
        if i < held.count && held[i].seq == seq { return held[i] }
        return held.last(where: { $0.seq == seq })
    }

    /// Checks `event` (seq assigned) and folds it in.
    /// - Throws: `EventError` naming the broken rule; the state is unchanged then.
    public mutating func admit(_ event: Event) throws(EventError) {
        if event.type.isAmendment {
            try index.checkEnvelope(event)
            let entry = try index.checkTarget(event)
            let (held, firstHeld, source) = (self.held, self.firstHeld, self.source)
            let stored: (Int) -> Event? = { Validator.lookup($0, held: held, firstHeld: firstHeld, source: source) }
            guard let target = index.effectiveLine(entry.seq, stored: stored) else {
                throw EventError("line \(entry.seq) (the target) could not be read")
            }
            var corrected: Event?
            if event.type == .correction { corrected = try Validator.corrected(target, by: event) }
            try index.amend(event, target: target, corrected: corrected, stored: stored)
        } else {
            try index.admitPlain(event)
        }
        if firstHeld != Int.max { held.append(event) }
    }

    /// Folds in a line of the log that was checked when it was appended (a writer's tail),
    /// without checking its rules again: a plain event's registration, reference, ending or
    /// mark, and its id. An amendment is admitted (its effect is what re-checking computes).
    /// - Throws: `EventError` only for an amendment that does not hold.
    mutating func foldChecked(_ event: Event) throws(EventError) {
        if event.type.isAmendment {
            try admit(event)
            return
        }
        if let loaded = index.loadedMembers {
            if event.type == .merger || event.type == .closure {
                throw EventError.wholeStateNeeded("a \(event.type.rawValue) touches members not loaded")
            }
            if let m = event.member, !loaded.contains(m) { throw EventError.wholeStateNeeded("member '\(m)' is not loaded") }
        }
        index.add(event)
        index.record(event)
        if firstHeld != Int.max { held.append(event) }
    }

    /// The target with `correction` applied, which must still be a valid event of its type.
    private static func corrected(_ target: Event, by correction: Event) throws(EventError) -> Event {
        do {
            let effective = try Amendments.applying(correction, to: target)
            _ = try EventDecoder.decodeLine(EventEncoder.content(effective), mode: .input)
            return effective
        } catch {
            throw EventError("the corrected '\(target.id)' would not be a valid event: \(error.message)")
        }
    }
}
