import Prefetch

/// `verify`: reads the whole log and reports every problem at once.
public enum Verifier {
    /// One problem, at a line of the log.
    public struct Problem: Sendable, Equatable {
        public let line: Int
        public let message: String
        /// A problem at `line`.
        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// The outcome of a verification.
    public struct Report: Sendable {
        public var problems: [Problem]
        /// Complete lines read as events.
        public var events: Int
        /// The last complete line.
        public var head: Head
        public var ok: Bool { problems.isEmpty }
    }

    /// Verifies the log of `store`.
    /// - Throws: `.noLedger` or `.io` only; problems in the data are in the report.
    public static func verify(_ store: LedgerStore) throws(LedgerError) -> Report {
        try store.requireLedger()
        // Mapped, not copied; the pages checked are handed back as the checks go.
        let file = try MappedFile(path: store.logPath)
        let bytes = file.bytes
        var report = verify(buffer: bytes, file: file, progress: store.progress)
        // A line edited by hand since the writer acknowledged it (SPEC §10).
        if let last = LastHead.load(store),
           case .edited(let line, let id) = last.check(lineAt: { offset in
               guard offset < bytes.count, let end = bytes[offset...].firstIndex(of: 0x0A) else { return nil }
               var line = Array(bytes[offset..<end])
               if line.last == 0x0D { line.removeLast() }
               return line
           }) {
            let at = report.problems.firstIndex { $0.line > line } ?? report.problems.endIndex
            report.problems.insert(Problem(line: line, message: LastHead.editedError(line: line, id: id).message), at: at)
        }
        return report
    }

    /// Verifies log bytes: chain, seq, schema, references, torn tail.
    /// - Parameter progress: told of one "reading" pass: lines are hashed and decoded ahead
    ///   on the other cores while the rules are checked in order, and counted once checked.
    public static func verify(bytes: [UInt8], progress: (any ProgressSink)? = nil) -> Report {
        bytes.withUnsafeBufferPointer { verify(buffer: $0, file: nil, progress: progress) }
    }

    /// Verifies log bytes in memory, or mapped from `file` (whose pages are then handed back
    /// once decoded).
    /// - Parameter stretch: the bytes of each piece hashed and decoded ahead (tests make it
    ///   small); each piece takes the lines that start in its stretch.
    static func verify(buffer bytes: UnsafeBufferPointer<UInt8>, file: MappedFile?,
                       progress: (any ProgressSink)?, stretch: Int = 1 << 21) -> Report {
        // The lines are found by the cores that hash and decode them, a stretch of bytes at a
        // time, as they go: no pass over the whole log comes first (splitting it into lines
        // before the first check was a twentieth of a million-line verify, on both cores).
        // What follows the last newline is a torn line, reported after the others.
        let end = LogLines.completeEnd(bytes)
        let torn = end < bytes.count
        let stretches = (end + stretch - 1) / stretch
        // The table of ids is sized (its slots zeroed: tens of megabytes at a million lines)
        // on another core meanwhile, for as many lines as the first bytes suggest.
        let expected = LogLines.estimatedCount(bytes, end: end)
        let sizing = Background {
            var ids = IDTable()
            ids.reserveReady(expected)
            return ids
        }
        // Amendments read earlier lines back (their target, a line they would break),
        // decoded again from the bytes.
        let stored = LinesInBytes(bytes: bytes, file: file)
        var checks = InOrder(stored: stored, sizing: sizing)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            checks.problems.append(Problem(line: 1, message: "the log starts with a UTF-8 byte-order mark; the ledger never writes one"))
        }
        if bytes.isEmpty {
            checks.problems.append(Problem(line: 1, message: "the log is empty; line 1 must be the genesis event"))
        }
        // Hashing and decoding are per line: done ahead, on the other cores, while the checks
        // that need the lines before (chain, seq, recorded, rules) run in order here. Only a
        // terminal shows how many lines there are: they are counted first for it alone.
        if let progress {
            progress.begin("reading", total: LogLines.starts(bytes).starts.count + (torn ? 1 : 0))
        }
        do {
            nonisolated(unsafe) let buffer = bytes
            // The decoded events are freed off the checking thread, which must take every
            // line in order.
            Pipeline.run(stretches, piece: 1, releaseElsewhere: true, { range in
                let lower = range.lowerBound * stretch
                let piece = DecodedPiece(buffer, stretch: lower..<min(end, lower + stretch), end: end)
                // The pages read are handed back by the core that read them, once decoded:
                // the checks read lines back with `pread` (an amendment's target, an id),
                // never through the mapping (a hint that reads every id maps it in again).
                if let file, let first = piece.ranges.first, let last = piece.ranges.last {
                    file.release(first.lowerBound..<last.upperBound)
                }
                return piece
            }, consume: { piece in
                checks.take(piece)
                progress?.advance(piece.hashes.count)
            })
        }
        if torn {
            checks.rejectTorn()
            progress?.advance(1)
        }
        // The validator's state (an entry per id, the marks of every member) is freed on
        // another thread: here, that would be a tenth of the time of a million-line verify.
        var done = Validator()
        swap(&done, &checks.validator)
        Release.elsewhere(consume done)
        return Report(problems: checks.problems, events: checks.count, head: checks.head)
    }

    /// The checks that need the lines before, taken line by line in log order. One value,
    /// changed a piece at a time: as variables captured by the code that takes each line,
    /// every read and write of them was checked at run time for exclusive access.
    private struct InOrder {
        let stored: LinesInBytes
        var validator: Validator
        var problems: [Problem] = []
        var previousHash = SHA256Digest.zero
        var expectedSeq = 1
        var lastRecorded: Timestamp?
        var head = Head.empty
        /// Lines read as events.
        var count = 0
        /// Lines taken so far.
        var checked = 0

        /// The table of ids being sized on another thread, taken at the first piece after it
        /// is made: the lines before are checked meanwhile, with a table that grows.
        var sizing: Background<IDTable>?

        init(stored: LinesInBytes, sizing: Background<IDTable>?) {
            self.stored = stored
            self.sizing = sizing
            validator = Validator(source: stored, holding: false)
        }

        /// Takes the next piece's lines, in order.
        mutating func take(_ piece: DecodedPiece) {
            // The large table of ids, once it is made; until then, the small one grows.
            if let sizing, sizing.isDone {
                validator.adopt(ids: sizing.take())
                self.sizing = nil
            }
            // The piece's lines are numbered here, in order, and kept for reading back.
            let first = checked + 1
            stored.append(piece.ranges)
            var failures = piece.failures.makeIterator()
            var nextFailure = failures.next()
            piece.box.events.withUnsafeMutableBufferPointer { events in
                var e = 0
                for i in piece.hashes.indices {
                    let line = LogLine(number: first + i, range: piece.ranges[i], terminated: true)
                    checked += 1
                    if let failure = nextFailure, failure.index == i {
                        nextFailure = failures.next()
                        reject(line, piece.hashes[i], failure.error)
                        continue
                    }
                    // The id table's slot of an event a few lines on, loaded while this one
                    // is checked (a million ids are far apart in memory).
                    if e + 8 < events.count { validator.prefetchID(key: events[e + 8].id.key) }
                    // And that event's own memory, eight lines before its key is read for
                    // that: the events are written on another core, and reading the key
                    // waited for it at every line.
                    if e + 16 < events.count {
                        let ahead = UnsafeRawPointer(events.baseAddress! + e + 16)
                        for offset in stride(from: 0, to: MemoryLayout<Event>.stride, by: 64) { prefetch(ahead + offset) }
                    }
                    // Moved out to be checked and back after: an event read in place was
                    // copied whole (every string's count up and down), since the checks
                    // change `self` and the compiler could not tell that they leave the
                    // piece alone.
                    let slot = events.baseAddress! + e
                    // A plain line's id comes by its key alone (`EventID(unreadKey:)`): its
                    // text is read from the line only when an id with that key is stored
                    // already, so that the checks compare texts (a duplicate, or two ids
                    // with one key).
                    let key = slot.pointee.id.key
                    if !slot.pointee.id.isRead, validator.holdsID(key: key), let id = stored.id(ofLine: line.number) {
                        slot.pointee.id = id
                    }
                    let event = slot.move()
                    check(line, piece.hashes[i], event)
                    slot.initialize(to: consume event)
                    e += 1
                }
            }
        }

        /// The bytes after the last newline: a torn line, after every other.
        mutating func rejectTorn() {
            checked += 1
            problems.append(Problem(line: checked, message: "torn tail: the last line has no newline (a write that was never acknowledged); 'memberships repair' moves it aside"))
        }

        /// A line that is not an event.
        private mutating func reject(_ line: LogLine, _ hash: SHA256Digest, _ error: EventError) {
            defer { previousHash = hash }
            count += 1
            head = Head(seq: line.number, hash: hash)
            problems.append(Problem(line: line.number, message: error.message))
            expectedSeq += 1
        }

        private mutating func check(_ line: LogLine, _ hash: SHA256Digest, _ event: Event) {
            defer { previousHash = hash }
            count += 1
            head = Head(seq: line.number, hash: hash)
            if event.seq != line.number { stored.misplaced(event.seq, at: line.number) }
            if event.seq != expectedSeq {
                problem(line, "seq \(event.seq) where \(expectedSeq) was expected (seq must increase by exactly 1 per line)")
            }
            // A hostile seq (the largest integer) is reported above, never overflowed.
            expectedSeq = event.seq < Int.max ? event.seq + 1 : event.seq
            if event.prev != previousHash {
                let what = line.number == 1 ? "64 zeros" : "the SHA-256 of line \(line.number - 1)"
                problem(line, "hash chain broken: 'prev' is not \(what); the log was changed at or before this line")
            }
            if let recorded = event.recorded, let last = lastRecorded, recorded < last {
                problem(line, "'recorded' \(recorded) is earlier than the line before it (\(last)); it never decreases")
            }
            lastRecorded = event.recorded ?? lastRecorded
            do throws(EventError) {
                try validator.admit(event)
            } catch {
                problem(line, error.message)
            }
        }

        private mutating func problem(_ line: LogLine, _ message: String) {
            problems.append(Problem(line: line.number, message: message))
        }
    }
}

/// One piece of the log, hashed and decoded ahead of the checks: the lines that start in a
/// stretch of its bytes, a hash per line, the events of the lines that decoded, in order,
/// and the others with their error. A plain line's `by`, `source` and `note` are checked but
/// not kept (nil in its event): no check reads them. Nor is its id's text: its key is
/// (`EventID(unreadKey:)`), and the text is read back when another id has the same key.
private struct DecodedPiece: Sendable {
    /// Each line's bytes, without its `\n` or `\r\n`: every line here is complete.
    let ranges: [Range<Int>]
    var hashes: [SHA256Digest]
    /// The events, in a box of their own so that the checking thread can lend each one out
    /// while it is checked (`InOrder.take`). One thread at a time holds a piece: the one that
    /// decodes it, the one that checks it, the one that frees it, handed over under a lock.
    final class Events: @unchecked Sendable {
        var events: [Event] = []
    }
    let box = Events()
    var failures: [(index: Int, error: EventError)] = []

    /// The lines that start in `stretch` of `buffer`, whose complete lines end at `end`.
    init(_ buffer: UnsafeBufferPointer<UInt8>, stretch: Range<Int>, end: Int) {
        ranges = LogLines.lineRanges(startingIn: stretch, in: buffer.baseAddress!, end: end)
        hashes = SHA256.hash(UnsafeRawBufferPointer(buffer), ranges: ranges)
        var events: [Event] = []
        defer { box.events = events }
        events.reserveCapacity(ranges.count)
        // A slug named again in the piece is one string (`RecentSlugs`).
        var slugs = RecentSlugs()
        for (i, range) in ranges.enumerated() {
            let bytes = UnsafeBufferPointer(rebasing: buffer[range])
            // The checks read no `by`, `source` or `note`: those are checked, not kept.
            // Moved into the array, not copied (a copy counted each of its strings up, and
            // the original's down).
            if let event = PlainLineDecoder.decode(bytes, mode: .stored, keepingNotes: false, slugs: &slugs) {
                events.append(consume event)
                continue
            }
            do throws(EventError) {
                events.append(try EventDecoder.decodeGeneral(bytes, mode: .stored))
            } catch {
                failures.append((i, error))
            }
        }
    }
}

/// The lines of the log `verify` reads, decoded again from its bytes when the validator
/// needs one back (an amendment's target, a line it would break): by seq, which is the
/// line's number in a log that verifies, else the first line checked so far with that seq.
private final class LinesInBytes: StoredLines, @unchecked Sendable {
    /// The log's bytes: in memory (kept alive by the caller while the validator runs), or
    /// mapped from `file`, whose lines are then read with `pread`.
    let bytes: UnsafeBufferPointer<UInt8>
    let file: MappedFile?
    /// The complete lines taken so far, piece by piece (`append`), and the number of each
    /// piece's first line: every line checked, and those of the piece being checked.
    private var pieces: [[Range<Int>]] = []
    private var firsts: [Int] = []
    /// How many lines the pieces hold.
    private(set) var count = 0
    /// Lines whose seq is not their number: seq → line number (the first one).
    private var elsewhere: [Int: Int] = [:]

    init(bytes: UnsafeBufferPointer<UInt8>, file: MappedFile?) {
        self.bytes = bytes
        self.file = file
    }

    /// Takes the next piece's lines (only on the thread that checks).
    func append(_ ranges: [Range<Int>]) {
        guard !ranges.isEmpty else { return }
        pieces.append(ranges)
        firsts.append(count + 1)
        count += ranges.count
    }

    /// The bytes of complete line `number`, if taken yet.
    private func range(ofLine number: Int) -> Range<Int>? {
        guard number >= 1, number <= count else { return nil }
        // The last piece whose first line is at or before `number`.
        var low = 0, high = firsts.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if firsts[mid] <= number { low = mid } else { high = mid }
        }
        return pieces[low][number - firsts[low]]
    }

    /// Notes a line whose seq is not its number (only on the thread that checks).
    func misplaced(_ seq: Int, at number: Int) {
        if elsewhere[seq] == nil { elsewhere[seq] = number }
    }

    func event(at seq: Int) -> Event? { first(withSeq: seq, decode) { $0.seq } }

    /// The first line checked so far whose seq is `seq`, as `read` gives it (by line number):
    /// line `seq`, which it is in a log that verifies, else the one `misplaced` noted.
    private func first<T>(withSeq seq: Int, _ read: (Int) -> T?, seqOf: (T) -> Int) -> T? {
        if let found = read(seq), seqOf(found) == seq { return found }
        guard let number = elsewhere[seq], let found = read(number), seqOf(found) == seq else { return nil }
        return found
    }

    /// The id of line `number`, read from its bytes: through the mapping, which is there to be
    /// read again; for a line the pieces have not reached yet, or one of many read together.
    func id(ofLine number: Int) -> EventID? { seqAndID(ofLine: number)?.id }

    /// The id of the line with seq `seq` (as `event(at:)` finds it), read from its start.
    func id(at seq: Int) -> EventID? { first(withSeq: seq, { seqAndID(ofLine: $0) }) { $0.seq }?.id }

    /// The ids of `seqs`' lines, as `id(at:)` gives them: every line's id is read once, the
    /// first time many are asked for (a hint, which looks at every id), and kept.
    func ids(at seqs: [Int]) -> [EventID?] {
        var all = idsByLine ?? []
        if all.count < count, let from = range(ofLine: all.count + 1), let to = range(ofLine: count) {
            // Read once, then only the lines taken since: only their pages mapped in again.
            let span = from.lowerBound..<to.upperBound
            file?.populate(span)
            all += (all.count..<count).map { seqAndID(ofLine: $0 + 1, mapped: true) }
            file?.release(span)
            idsByLine = all
        }
        let read = { (number: Int) in all.indices.contains(number - 1) ? all[number - 1] : nil }
        return seqs.map { first(withSeq: $0, read) { $0.seq }?.id }
    }

    /// The seq and id of every line taken, by line number, once read (see `ids(at:)`).
    private var idsByLine: [(seq: Int, id: EventID)?]?

    /// The seq and id of line `number`: from the line's canonical start, else decoded.
    /// - Parameter mapped: read through the mapping (every line read together, `ids(at:)`);
    ///   else, from a mapped file, with `pread`: the line's page was most likely handed back,
    ///   and touching it mapped in the pages around it too (an amendment's target read so
    ///   was a fortieth of the checks of a million-line `verify` with 5,000 amendments).
    private func seqAndID(ofLine number: Int, mapped: Bool = false) -> (seq: Int, id: EventID)? {
        guard let range = range(ofLine: number) else { return nil }
        if let file, !mapped {
            return file.line(at: range.lowerBound).withUnsafeBufferPointer { Self.seqAndID($0) }
        }
        return Self.seqAndID(UnsafeBufferPointer(rebasing: bytes[range]))
    }

    private static func seqAndID(_ line: UnsafeBufferPointer<UInt8>) -> (seq: Int, id: EventID)? {
        if let start = LineStart.seqAndID(line), FactDecoder.isEventID(line, start.id) {
            return (start.seq, EventID(String(decoding: UnsafeBufferPointer(rebasing: line[start.id]), as: UTF8.self)))
        }
        guard let event = try? EventDecoder.decodeLine(line, mode: .stored) else { return nil }
        return (event.seq, event.id)
    }

    private func decode(_ number: Int) -> Event? {
        guard let range = range(ofLine: number) else { return nil }
        if let file {
            // Read, not touched through the mapping: its pages were handed back.
            return try? EventDecoder.decodeLine(file.line(at: range.lowerBound), mode: .stored)
        }
        return try? EventDecoder.decodeLine(UnsafeBufferPointer(rebasing: bytes[range]), mode: .stored)
    }
}
