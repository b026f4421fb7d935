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
        let bytes = try FileIO.readAll(store.logPath)
        var report = verify(bytes: bytes, progress: store.progress)
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
    /// - Parameter progress: told of a "reading" pass (hashing and decoding, in parallel),
    ///   then a "checking" pass (the rules, in order).
    public static func verify(bytes: [UInt8], progress: (any ProgressSink)? = nil) -> Report {
        var problems: [Problem] = []
        let lines = LogLines.split(bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            problems.append(Problem(line: 1, message: "the log starts with a UTF-8 byte-order mark; the ledger never writes one"))
        }
        if lines.isEmpty {
            problems.append(Problem(line: 1, message: "the log is empty; line 1 must be the genesis event"))
        }
        var previousHash = SHA256Digest.zero
        var expectedSeq = 1
        var lastRecorded: Timestamp?
        var head = Head.empty
        var count = 0
        // Hashing and decoding are per line: done in parallel. The checks that need the
        // lines before (chain, seq, recorded, rules) then run in order.
        progress?.begin("reading", total: lines.count)
        let decoded: [[(hash: SHA256Digest, event: Result<Event, EventError>)]] = bytes.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            return Parallel.map(lines.count, progress: progress) { range in
                lines[range].map { line in
                    let slice = UnsafeBufferPointer(rebasing: buffer[line.range])
                    let hash = SHA256.hash(UnsafeRawBufferPointer(slice))
                    guard line.terminated else { return (hash, .failure(EventError(""))) }
                    return (hash, Result { () throws(EventError) in try EventDecoder.decodeLine(slice, mode: .stored) })
                }
            }
        }
        // Amendments read earlier lines back (their target, a line they would break) from
        // the decoded lines, by seq.
        var validator = Validator(source: DecodedLines(decoded), holding: false)
        validator.reserveCapacity(lines.count)
        progress?.begin("checking", total: lines.count)
        for (line, (hash, decodedEvent)) in zip(lines, decoded.joined()) {
            defer { previousHash = hash }
            if line.number & 0x1FFF == 0 { progress?.advance(0x2000) }
            guard line.terminated else {
                problems.append(Problem(line: line.number, message: "torn tail: the last line has no newline (a write that was never acknowledged); 'memberships repair' moves it aside"))
                continue
            }
            count += 1
            head = Head(seq: line.number, hash: hash)
            func problem(_ message: String) { problems.append(Problem(line: line.number, message: message)) }
            let event: Event
            switch decodedEvent {
            case .success(let e): event = e
            case .failure(let error):
                problem(error.message)
                expectedSeq += 1
                continue
            }
            if event.seq != expectedSeq {
                problem("seq \(event.seq) where \(expectedSeq) was expected (seq must increase by exactly 1 per line)")
            }
            // A hostile seq (the largest integer) is reported above, never overflowed.
            expectedSeq = event.seq < Int.max ? event.seq + 1 : event.seq
            if event.prev != previousHash {
                let what = line.number == 1 ? "64 zeros" : "the SHA-256 of line \(line.number - 1)"
                problem("hash chain broken: 'prev' is not \(what); the log was changed at or before this line")
            }
            if let recorded = event.recorded, let last = lastRecorded, recorded < last {
                problem("'recorded' \(recorded) is earlier than the line before it (\(last)); it never decreases")
            }
            lastRecorded = event.recorded ?? lastRecorded
            do throws(EventError) {
                try validator.admit(event)
            } catch {
                problem(error.message)
            }
        }
        return Report(problems: problems, events: count, head: head)
    }
}

/// The lines `verify` decoded, by seq (a line's seq is its number in a log that verifies),
/// in the pieces `Parallel.map` produced.
private final class DecodedLines: StoredLines {
    let pieces: [[(hash: SHA256Digest, event: Result<Event, EventError>)]]
    init(_ pieces: [[(hash: SHA256Digest, event: Result<Event, EventError>)]]) { self.pieces = pieces }

    func event(at seq: Int) -> Event? {
        let i = seq - 1
        if i >= 0, let first = pieces.first, !first.isEmpty {
            let (p, j) = (i / first.count, i % first.count)
            if p < pieces.count, j < pieces[p].count, case .success(let event) = pieces[p][j].event, event.seq == seq {
                return event
            }
        }
        // A log whose seqs are not its line numbers: look for it.
        for piece in pieces {
            for line in piece { if case .success(let event) = line.event, event.seq == seq { return event } }
        }
        return nil
    }
}
