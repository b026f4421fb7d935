/// The lines of a log as facts (one per line, in log order), the strings they name, and the
/// whole events of the reference data and the amendments: the compact form views replay.
///
/// Built from the log's bytes in one pass, split across the cores: each piece decodes its
/// lines with an interner of its own; the pieces' strings are then merged and their handles
/// renumbered.
public struct FactLog: Sendable {
    /// One per complete line, in log order (`facts[i].seq == firstSeq + i`).
    public var facts: [Fact] {
        // Changed other than by `adopt`: what it tallied may no longer hold.
        didSet { tally = nil }
    }
    /// The strings the facts name.
    public var names: Interner
    /// The whole events of registrations, renames, policies, mergers, closures and amendments.
    public var reference: [Event]
    /// Where each line starts in the log (nil when built from events).
    public var lineStarts: [Int]?
    /// What `adopt` noted of the facts as it added them, so that a replay need not pass over
    /// them all again for it (each pass over a million facts reads 56 MB); nil when unknown,
    /// and once `facts` is changed any other way.
    package private(set) var tally: Tally?

    /// Facts of some kinds, noted as they are added: positions in `facts`, in log order.
    package struct Tally: Sendable {
        /// The corrections and retractions.
        package var amendments: [Int32] = []
        /// The facts that keep a whole event (`Fact.reference`).
        package var referenced: [Int32] = []
        /// How many are starts.
        package var starts = 0
    }

    /// The empty log.
    public init() {
        facts = []
        names = Interner()
        reference = []
        lineStarts = []
        tally = Tally()
    }

    /// Hands the log over, leaving an empty one here, so that whoever replays it holds the
    /// only copy and amends its facts in place (a copy still held elsewhere makes the first
    /// amendment copy them all).
    public mutating func take() -> FactLog {
        let taken = self
        self = FactLog()
        return taken
    }

    /// The facts of events already decoded (log order).
    public init(events: [Event]) {
        var names = Interner()
        var reference: [Event] = []
        var facts: [Fact] = []
        facts.reserveCapacity(events.count)
        for event in events {
            var fact = Fact(event, names: &names)
            if !FactLog.isHighVolume(event.type) {
                fact.reference = Int32(reference.count)
                reference.append(event)
            }
            facts.append(fact)
        }
        self.facts = facts
        self.names = names
        self.reference = reference
    }

    /// Types kept as facts alone; the others keep their whole event too.
    static func isHighVolume(_ type: EventType) -> Bool {
        type.isStart || type == .withdrawal || type == .suspension || type == .reinstatement
            || type == .milestone || type == .recognition || type == .activity
    }

    /// Whether a line of `type` keeps its whole event beside its fact (in `reference`); with
    /// `registrationsAsFacts`, a member's registration does not.
    static func keepsEvent(_ type: EventType, registrationsAsFacts: Bool) -> Bool {
        !isHighVolume(type) && !(registrationsAsFacts && type == .member)
    }

    /// Bytes a piece of the log takes to decode: its lines are those that start in it.
    static let stretch = 2 << 20

    /// The size of log from which its facts are held on huge pages (`HugePages`), when they
    /// are held whole: 1 GiB, where `status` works in ranges of members instead anyway.
    ///
    /// Below it they are not: on a virtual machine, a huge page touched for the first time
    /// may be one the host took back, and the host then provides it 4 KB at a time while the
    /// thread that touched it waits. The facts are written on the thread that merges the
    /// pieces, which the decoding waits for: at a million events (56 MB of facts), with the
    /// machine's memory idle for a few seconds before (the usual case: a command run by
    /// hand), zeroing those huge pages cost `status` 0.2–0.5 s of that thread, and on 4 KB
    /// pages `status` took 12 % less time (docs/BENCHMARKS.md, twenty-fifth pass).
    static let hugePagesFrom = 1 << 30

    /// The complete lines of `bytes` (a log, or its tail from line `firstLine`) as facts.
    /// A torn final line is left out.
    /// - Throws: `.badData` at the first line that is not a valid stored event or whose seq
    ///   is not its position, with a hint to run `verify`.
    /// - Complexity: O(n) in the bytes, on every core.
    /// - Parameters:
    ///   - release: the mapped file `bytes` lie in (from `baseOffset`): each piece's pages are
    ///     handed back once it and the piece after it are merged, so the log is never
    ///     resident whole.
    ///   - progress: told of a "reading" pass over the lines (counted first, when given).
    ///   - registrations: keep no whole event for members' registrations, only their facts
    ///     (what a writer's cache needs; a view needs their names and kinds).
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String, firstLine: Int = 1,
                              baseOffset: Int = 0, release: MappedFile? = nil,
                              progress: (any ProgressSink)? = nil,
                              registrationsAsFacts registrations: Bool = false) throws(LedgerError) -> (log: FactLog, head: Head) {
        try decode(bytes, file: file, firstLine: firstLine, baseOffset: baseOffset, release: release, progress: progress,
                   registrationsAsFacts: registrations, stretch: FactLog.stretch)
    }

    /// Whether `decode(…spill:)` sets a fact aside: a high-volume event of a member (a start,
    /// life event, milestone, recognition or activity), which keeps no whole event.
    package static func spills(_ fact: Fact) -> Bool {
        fact.reference < 0 && fact.member != Interner.none
    }

    /// `decode(_:file:firstLine:baseOffset:release:progress:registrationsAsFacts:)` in pieces
    /// of `stretch` bytes (tests make them small). With a `spill`, the facts that `spills`
    /// names go there, with their lines' starts, as each piece is merged; the log returned
    /// holds only the others (so `facts[i].seq == firstSeq + i` no longer holds), and the
    /// head is still the last line's.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String, firstLine: Int, baseOffset: Int,
                       release: MappedFile?, progress: (any ProgressSink)?, registrationsAsFacts registrations: Bool = false,
                       stretch: Int, spill: FactSpill? = nil) throws(LedgerError) -> (log: FactLog, head: Head) {
        nonisolated(unsafe) let buffer = bytes
        @Sendable func handBack(_ range: Range<Int>) {
            if let release, !range.isEmpty { release.release(baseOffset + range.lowerBound..<baseOffset + range.upperBound) }
        }
        // After the last `\n`: a torn line, never read.
        let end = LogLines.completeEnd(bytes)
        handBack(end..<bytes.count)
        guard end > 0 else { return (FactLog(), .empty) }
        if let progress {
            // Only a terminal shows progress: the lines are counted for it first.
            progress.begin("reading", total: LogLines.starts(UnsafeBufferPointer(rebasing: bytes[..<end])) { handBack($0) }.starts.count)
        }
        /// A stretch of the log: the lines that start in it, decoded with strings of their own.
        /// A bad line ends it; the line is numbered once the lines before it are counted.
        struct Piece: Sendable {
            var facts: [Fact] = []
            /// Where each line starts.
            var starts: [Int] = []
            var names = Interner()
            var reference: [Event] = []
            /// The problem of the line after `facts`, if one stopped the piece.
            var error: String?
            /// The bytes of its lines.
            var bytes: Range<Int> = 0..<0
        }
        let stretches = (end + stretch - 1) / stretch
        var log = FactLog()
        var lineStarts: [Int] = []
        // Lines are at least 100 bytes (a `prev` alone takes 73): room for that many is
        // address space only, touched as the facts come.
        // (With a spill, only the lines that keep a whole event stay: far fewer.)
        log.facts.reserveCapacity(end / (spill == nil ? 100 : 2000) + 16)
        if spill == nil && end >= FactLog.hugePagesFrom { HugePages.advise(&log.facts) }
        // Counted from here (making room changed `facts`, which forgets what was tallied).
        log.tally = Tally()
        lineStarts.reserveCapacity(end / (spill == nil ? 100 : 2000) + 16)
        log.reference.reserveCapacity(end / 1000 + 16)
        // The strings merged: about one per 2,000 bytes of log, one byte of string per 130
        // (a generated million-line log: 161,321 strings, 2.3 MB). Grown by doubling, their
        // arrays were copied into fresh pages again and again on the thread that merges.
        log.names.reserveCapacity(strings: end / 2000 + 1024, bytes: end / 130 + 65536)
        var failure: LedgerError?
        // The handles of the plain dates merged so far.
        var dates = PlainDateHandles()
        // A piece's pages are handed back once the piece after it is merged too: that one
        // read the end of this one's last line to find its own first line, and a page handed
        // back before that read would be mapped again (with its neighbours) and stay.
        var merged: Range<Int> = 0..<0
        // Lines merged so far, and the last one's seq and start (with a spill, `log.facts`
        // holds only some of them).
        var lines = 0, lastSeq = 0, lastStart = 0
        // A piece's facts on their way to the spill.
        var spilled: [FactSpill.Record] = []
        // Pieces are decoded ahead on the other cores, each finding its own lines, while this
        // thread merges them in order: strings renumbered, seqs checked against the lines
        // counted so far (renumbering and counting are sequential).
        Pipeline.run(stretches, piece: 1, { ps -> Piece in
            let lower = ps.lowerBound * stretch, upper = min(end, lower + stretch)
            var piece = Piece()
            let base = buffer.baseAddress!
            var start = LogLines.lineStart(atOrAfter: lower, in: base, end: end)
            let first = start
            piece.facts.reserveCapacity((upper - lower) / 200 + 16)
            piece.starts.reserveCapacity((upper - lower) / 200 + 16)
            while start < upper {
                let next = LogLines.lineEnd(from: start, in: base, end: end)
                var stop = next - 1
                if stop > start && buffer[stop - 1] == 0x0D { stop -= 1 }
                do throws(EventError) {
                    let fact = try FactDecoder.decode(UnsafeBufferPointer(rebasing: buffer[start..<stop]), names: &piece.names,
                                                      registrations: registrations, pendingDates: true) { event in
                        piece.reference.append(event)
                        return Int32(piece.reference.count - 1)
                    }
                    piece.facts.append(fact)
                    piece.starts.append(start)
                } catch {
                    piece.error = error.message
                    break
                }
                start = next
            }
            piece.bytes = first..<max(first, start)
            return piece
        }, consume: { piece in
            // After a bad line, nothing more is merged; the first error is the one reported.
            guard failure == nil else { return }
            let number = firstLine + lines
            for (k, fact) in piece.facts.enumerated() where Int(fact.seq) != number + k {
                failure = LedgerError(.badData, "seq \(fact.seq) where \(number + k) was expected", file: file,
                                      line: number + k, hint: "run 'memberships verify' for every problem")
                return
            }
            if let error = piece.error {
                failure = LedgerError(.badData, error, file: file, line: number + piece.facts.count,
                                      hint: "run 'memberships verify' for every problem")
                return
            }
            let before = log.facts.count
            log.adopt(piece.facts, names: piece.names, reference: piece.reference, dates: &dates)
            handBack(merged)
            merged = piece.bytes
            lineStarts.append(contentsOf: baseOffset == 0 ? piece.starts : piece.starts.map { $0 + baseOffset })
            lines += piece.facts.count
            if let last = piece.facts.last { lastSeq = Int(last.seq) }
            // (Not `lineStarts.last`: with a spill, that may be an earlier line kept.)
            if let last = piece.starts.last { lastStart = last + baseOffset }
            if let spill {
                // The high-volume facts go to the spill (in one call per piece), the others
                // stay, in log order.
                var keep = before
                spilled.removeAll(keepingCapacity: true)
                for k in before..<log.facts.count {
                    let fact = log.facts[k]
                    if FactLog.spills(fact) {
                        spilled.append(FactSpill.Record(fact: fact, start: lineStarts[k]))
                    } else {
                        log.facts[keep] = fact
                        lineStarts[keep] = lineStarts[k]
                        keep += 1
                    }
                }
                log.facts.removeLast(log.facts.count - keep)
                lineStarts.removeLast(lineStarts.count - keep)
                do throws(LedgerError) {
                    try spilled.withUnsafeBufferPointer { (records) throws(LedgerError) in try spill.append(contentsOf: records) }
                } catch {
                    failure = error
                    return
                }
            }
            progress?.advance(piece.facts.count)
        })
        if let failure { throw failure }
        try spill?.flush()
        handBack(merged)
        log.lineStarts = lineStarts
        // The last line: from its start to the `\n` at `end - 1` (without a `\r`).
        let lastLine = lastStart - baseOffset
        var stop = end - 1
        if stop > lastLine && bytes[stop - 1] == 0x0D { stop -= 1 }
        let hash = SHA256.hash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[lastLine..<stop])))
        return (log, Head(seq: lastSeq, hash: hash))
    }

    /// Appends the facts of `tail` (the lines after these), renumbering its handles.
    public mutating func append(_ tail: FactLog) {
        var dates = PlainDateHandles()
        adopt(tail.facts, names: tail.names, reference: tail.reference, dates: &dates)
        if let starts = tail.lineStarts { lineStarts = (lineStarts ?? []) + starts }
    }

    /// The handles of plain dates (`EDTFDate.plainDate`) already interned, by number: one
    /// array read per fact where a lookup among the log's strings read the date's bytes.
    struct PlainDateHandles {
        /// Handle + 1 by year (from the first of `EDTFDate.years`) and place in the year
        /// (0: not interned yet); made when the first date comes (an appended tail's facts
        /// have none pending), a year's places when its first date does.
        private var years: [[Int32]] = []

        mutating func handle(_ number: Int32, names: inout Interner) -> Int32 {
            let year = Int(number) / EDTFDate.plainPlacesPerYear, place = Int(number) % EDTFDate.plainPlacesPerYear
            if years.isEmpty { years = Array(repeating: [], count: EDTFDate.years.count) }
            if years[year].isEmpty { years[year] = Array(repeating: 0, count: EDTFDate.plainPlacesPerYear) }
            let known = years[year][place]
            if known > 0 { return known - 1 }
            let handle = EDTFDate.withPlainBytes(number) { names.intern($0) }
            years[year][place] = handle + 1
            return handle
        }
    }

    /// Appends facts decoded with their own strings and reference events, renumbering their
    /// handles and references into these, and interning their plain dates (`dates`).
    private mutating func adopt(_ more: [Fact], names other: Interner, reference events: [Event],
                                dates: inout PlainDateHandles) {
        let remap = names.merge(other)
        let referenceBase = Int32(reference.count)
        reference.append(contentsOf: events)
        func renumbered(_ handle: Int32) -> Int32 { handle >= 0 ? remap[Int(handle)] : handle }
        // Taken before the facts are added (which forgets it), and noted on as they are.
        var noted = tally
        for var fact in more {
            if noted != nil {
                let position = Int32(facts.count)
                if fact.type.isAmendment { noted!.amendments.append(position) }
                if fact.reference >= 0 { noted!.referenced.append(position) }
                if fact.type.isStart { noted!.starts += 1 }
            }
            if let number = fact.pendingDateNumber {
                fact.date = dates.handle(number, names: &names)
            } else {
                fact.date = renumbered(fact.date)
            }
            fact.member = renumbered(fact.member)
            fact.network = renumbered(fact.network)
            fact.into = renumbered(fact.into)
            fact.detail = renumbered(fact.detail)
            if fact.reference >= 0 { fact.reference += referenceBase }
            facts.append(fact)
        }
        tally = noted
    }
}
