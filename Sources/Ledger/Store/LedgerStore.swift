#if canImport(Glibc)
import Glibc
#endif

/// A ledger on disk: a directory holding `Events/ledger.jsonl` and `Snapshots/`.
///
/// Writers hold an exclusive `flock` on the log for the whole
/// read-validate-write-sync step; readers take no lock and read only complete lines.
public struct LedgerStore: Sendable {
    /// The ledger directory.
    public let root: String
    /// The log's path relative to the ledger, as error messages name it.
    public static let logName = "Events/ledger.jsonl"

    /// Tail lines before the writer's cache is written again, for this store alone (tests);
    /// nil: `MEMBERSHIPS_SNAPSHOT_INTERVAL`, default 256.
    var cacheInterval: Int?

    /// Told how far the long passes over the log have got (reading it whole, checking it,
    /// checking a large batch); nil: nobody is told.
    public var progress: (any ProgressSink)?

    public init(root: String) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    public var logPath: String { root + "/" + LedgerStore.logName }
    public var snapshotsPath: String { root + "/Snapshots" }

    /// Seconds a writer waits for the lock (`MEMBERSHIPS_LOCK_TIMEOUT`, default 30).
    /// - Throws: `.usage` (64) for a value that is not a number of seconds from 0 to 86,400
    ///   (`-1e300`, `inf`, `nan`, `soon`): a writer never guesses what was meant.
    var lockTimeout: Double {
        get throws(LedgerError) {
            guard let text = getenv("MEMBERSHIPS_LOCK_TIMEOUT").map({ String(cString: $0) }) else { return 30 }
            guard let value = Double(text), value.isFinite, (0...86_400).contains(value) else {
                throw LedgerError(.usage, "MEMBERSHIPS_LOCK_TIMEOUT must be a number of seconds from 0 to 86400, not \(SafeText.quoted(text))",
                                  hint: "unset it for the default of 30 seconds")
            }
            return value
        }
    }

    /// Who records (`--by`) is free text like any other.
    static func checkRecorder(_ by: String?) throws(LedgerError) {
        if let by, let problem = TextRules.textProblem(by) { throw LedgerError(.badData, "--by \(problem)") }
    }

    /// Fails with `.noLedger` (exit 66) when there is no log here.
    public func requireLedger() throws(LedgerError) {
        guard FileIO.exists(logPath) else {
            // Pointed at the ledger's Events folder (or at the log itself)? Name the ledger.
            var parent = root
            if parent.hasSuffix("/ledger.jsonl") { parent = String(parent.dropLast("/ledger.jsonl".count)) }
            if parent.hasSuffix("/Events") || parent == "Events" {
                let ledger = parent == "Events" ? "." : String(parent.dropLast("/Events".count))
                if FileIO.exists(LedgerStore(root: ledger.isEmpty ? "/" : ledger).logPath) {
                    throw LedgerError(.noLedger, "no ledger at \(root) (no \(LedgerStore.logName))",
                                      hint: "that is inside a ledger: pass --ledger \(ledger.isEmpty ? "/" : ledger)")
                }
            }
            throw LedgerError(.noLedger, "no ledger at \(root) (no \(LedgerStore.logName))",
                              hint: "create one with 'memberships init DIR --name NAME', or pass --ledger DIR")
        }
    }

    // MARK: - Creating

    /// Creates an empty ledger: the folders and the genesis event.
    /// - Throws: `.usage` when a ledger already exists there; `.io` on write failures.
    public static func create(at root: String, name: String, by: String?, now: Timestamp) throws(LedgerError) -> Head {
        let store = LedgerStore(root: root)
        if FileIO.exists(store.logPath) {
            throw LedgerError(.usage, "a ledger already exists at \(root)")
        }
        if let problem = TextRules.textProblem(name) { throw LedgerError(.badData, "the name \(problem)") }
        try LedgerStore.checkRecorder(by)
        let newFolder = !FileIO.isDirectory(root)
        try FileIO.makeDirectory(root)
        try FileIO.makeDirectory(root + "/Events")
        try FileIO.makeDirectory(store.snapshotsPath)
        let genesis = Event(seq: 1, id: EventID(UUID4.make()), recorded: now, by: by,
                            payload: .ledger(Genesis(format: 1, name: name)), source: nil, note: nil, prev: .zero)
        let line = EventEncoder.line(genesis)
        // Write beside, sync, then link into place: the log appears whole or not at all.
        let temporary = store.logPath + ".creating"
        try FileIO.writeNewFile(temporary, line + [0x0A], exclusive: false)
        guard link(temporary, store.logPath) == 0 else {
            let code = errno
            unlink(temporary)
            if code == EEXIST { throw LedgerError(.usage, "a ledger already exists at \(root)") }
            throw FileIO.ioError("create", store.logPath, code)
        }
        unlink(temporary)
        try FileIO.syncDirectory(root + "/Events")
        try FileIO.syncDirectory(root)
        // A folder made here is itself an entry in its parent, which must survive too.
        if newFolder {
            let parent = root.lastIndex(of: "/").map { String(root[..<$0]) } ?? "."
            try FileIO.syncDirectory(parent.isEmpty ? "/" : parent)
        }
        return Head(seq: 1, hash: SHA256.hash(line))
    }

    // MARK: - Reading

    /// Every complete line of the log as events, and the head.
    public func load() throws(LedgerError) -> (events: [Event], head: Head) {
        try requireLedger()
        return try LogReader.events(in: try FileIO.readAll(logPath), file: LedgerStore.logName)
    }

    /// Every complete line of the log in compact form (`FactLog`), with the mapped log to
    /// read events back from, and the head, for the views: from the newest replay snapshot that
    /// matches the log (`Snapshots/replay-<seq>.snapshot`, SPEC §8) plus the lines after it,
    /// or from the whole log. The same facts either way.
    /// - Parameters:
    ///   - knownAtSeq: N of `--known-at seq:N`: only snapshots at seq ≤ N are used (nil: any).
    ///   - warn: one line per snapshot ignored (`ignoring Snapshots/replay-N.snapshot: why`).
    public func loadForViews(knownAtSeq: Int?, warn: (String) -> Void) throws(LedgerError) -> ReplaySnapshot.Loaded {
        try loadForViews(knownAtSeq: knownAtSeq, spill: nil, warn: warn)
    }

    /// As `loadForViews(knownAtSeq:warn:)`; with a `spill`, when no snapshot serves and the
    /// whole log is decoded, its high-volume facts (`FactLog.spills`) go there instead of the
    /// log (which then holds only the lines that keep a whole event, with their starts).
    /// With `registrationsAsFacts`, the lines decoded keep no whole event of a member's
    /// registration (for a view that shows no member's name).
    package func loadForViews(knownAtSeq: Int?, spill: FactSpill?, registrationsAsFacts: Bool = false,
                              warn: (String) -> Void) throws(LedgerError) -> ReplaySnapshot.Loaded {
        try ReplaySnapshot.load(self, limit: knownAtSeq, warn: warn, spill: spill, registrationsAsFacts: registrationsAsFacts)
    }

    /// The size of the log file in bytes (0 when it cannot be read).
    package var logSize: Int {
        var info = stat()
        return stat(logPath, &info) == 0 ? Int(info.st_size) : 0
    }

    // MARK: - Repairing

    /// Moves a torn tail aside under the writers' lock (SPEC §7).
    /// - Returns: what was done, or nil when the log already ends with a complete line.
    public func repair(now: Timestamp) throws(LedgerError) -> String? {
        try requireLedger()
        let fd = try FileIO.open(logPath, O_RDWR)
        defer { close(fd) }
        try FileIO.lockExclusive(fd: fd, path: logPath, timeout: try lockTimeout)
        return try TornTail.quarantine(fd: fd, logPath: logPath, now: now)
    }

    // MARK: - Appending

    /// An event to append, with where it came from (for error messages).
    public struct Input: Sendable {
        public var event: Event
        public var file: String
        public var line: Int
        /// When set, this event's `recorded` instead of `now`: the greater of this and the
        /// `recorded` of the line before it (never decreasing along the log). Only the merge
        /// driver sets it (SPEC §10: the same three inputs give the same bytes, so the clock
        /// cannot be used); a client's events always take `now`.
        public var recorded: Timestamp?
        public init(event: Event, file: String, line: Int, recorded: Timestamp? = nil) {
            self.event = event
            self.file = file
            self.line = line
            self.recorded = recorded
        }
    }

    /// What an append did.
    public struct AppendReport: Sendable {
        /// The head after the append (the receipt).
        public var head: Head
        /// Events written: (seq, id).
        public var appended: [(seq: Int, id: EventID)]
        /// Events already present with the same content (idempotent repeats): (seq, id).
        public var existing: [(seq: Int, id: EventID)]
    }

    /// Appends a batch, validated whole first: one bad event rejects the batch and nothing
    /// is written. Every event is checked, a rejected one left out of the state the later
    /// ones are checked against, so that every rejection is reported at once. Acknowledged
    /// only after the bytes are synced to disk.
    /// - Parameters:
    ///   - rejected: problems already found in the same input (lines or rows that did not
    ///     decode): the other events are checked, nothing is written, and these are reported
    ///     with theirs, in line order.
    ///   - expectSeq: append only if the head's seq is this (`--expect-seq`).
    ///   - by: who records, for events that do not say.
    ///   - warn: receives notices (a torn tail moved aside).
    /// - Throws: `.badData` (65) for rejected events (every one, in line order, as
    ///   `LedgerError.more`), `.conflict` (75) for a reused id with other content, an
    ///   `expectSeq` mismatch or the lock not obtained; `.io` (74).
    public func append(_ inputs: [Input], rejected: [LedgerError] = [], expectSeq: Int? = nil, by: String? = nil, now: Timestamp,
                       warn: (String) -> Void) throws(LedgerError) -> AppendReport {
        try requireLedger()
        try LedgerStore.checkRecorder(by)
        let fd = try FileIO.open(logPath, O_RDWR | O_APPEND)
        defer { close(fd) }
        try FileIO.lockExclusive(fd: fd, path: logPath, timeout: try lockTimeout)
        FaultPoint.afterLock()
        if let notice = try TornTail.quarantine(fd: fd, logPath: logPath, now: now) { warn(notice) }

        // Ids are given once, so that a second try appends the same events.
        var newIDs = UUID4.make(count: inputs.count { $0.event.id.rawValue.isEmpty }).makeIterator()
        let events = inputs.map { input -> Event in
            var event = input.event
            if event.by == nil { event.by = by }
            if event.id.rawValue.isEmpty { event.id = EventID(newIDs.next()!) }
            return event
        }
        // The fast path first; the whole state when the part loaded cannot decide; the cache
        // built again from the log when a page or a line it names does not match.
        var whole = false, fresh = false
        // The head this ledger acknowledged last must still be there (SPEC §10).
        let lastHead = LastHead.load(self)
        if let lastHead {
            let size = FileIO.size(fd: fd)
            switch lastHead.check(lineAt: { FileIO.line(fd: fd, at: $0, size: size) }) {
            case .unchanged:
                break
            case .edited(let line, let id):
                throw LastHead.editedError(line: line, id: id)
            case .replaced:
                // Another ledger's log (a checkout, a pull, a backup): build on it only if it verifies.
                let report = try Verifier.verify(self)
                if let first = report.problems.first {
                    throw LedgerError(.badData, "the log is not the one this writer last wrote, and it does not verify: \(first.message)",
                                      file: LedgerStore.logName, line: first.line,
                                      hint: "run 'memberships verify' for every problem")
                }
                fresh = true
            }
        }
        for _ in 0..<4 {
            var state = try IndexCache.load(store: self, fd: fd, batch: events, whole: whole, fresh: fresh)
            if let expectSeq, expectSeq != state.head.seq {
                throw LedgerError(.conflict, "the head is at seq \(state.head.seq), not \(expectSeq) (--expect-seq)",
                                  hint: "read the log again and retry with --expect-seq \(state.head.seq)")
            }
            switch try admit(events, inputs, into: &state, now: now) {
            case .rejected(let problems):
                throw LedgerError.collected(LedgerError.inLineOrder(rejected + problems))
            case .admitted where !rejected.isEmpty:
                throw LedgerError.collected(rejected)
            case .needsWholeState:
                whole = true
            case .cacheFailed:
                fresh = true
            case .admitted(let batch):
                let newHead = batch.head
                if !batch.output.isEmpty {
                    do {
                        try FaultPoint.beforeWrite(fd: fd, batch.output, path: logPath)
                        try FileIO.writeAll(fd: fd, batch.output, path: logPath)
                        try FileIO.sync(fd: fd, path: logPath)
                    } catch {
                        // Leave no partial batch behind: cut the file back to where it was.
                        _ = ftruncate(fd, off_t(state.logSize))
                        _ = fsync(fd)
                        throw error
                    }
                    let start = state.logSize + (batch.output.dropLast().lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
                    let line = Array(batch.output[(start - state.logSize)..<(batch.output.count - 1)])
                    if let event = try? EventDecoder.decodeLine(line, mode: .stored) {
                        LastHead(event: event, line: line, offset: start).save(self)
                    }
                    state.head = newHead
                    state.logSize += batch.output.count
                    state.tailStarts += batch.starts
                    IndexCache.saveIfDue(state, store: self)
                }
                return AppendReport(head: newHead, appended: batch.appended, existing: batch.existing)
            }
        }
        throw LedgerError(.io, "the writer's cache could not be used",
                          hint: "remove Snapshots/\(WriterCache.fileName) (a cache) and retry")
    }

    /// What checking a batch came to.
    private enum Admission {
        /// Every event admitted (or already there): the lines to write.
        case admitted(Batch)
        /// Some events broke a rule: one error for each (the others were checked too).
        case rejected([LedgerError])
        /// The part of the state loaded cannot decide: load all of it.
        case needsWholeState
        /// The cache turned out damaged or not to match the log: build it again.
        case cacheFailed
    }

    /// The lines a batch adds, where they start, the head after them, and what became of each event.
    private struct Batch {
        var output: [UInt8] = []
        var starts: [Int] = []
        var head: Head
        var appended: [(seq: Int, id: EventID)] = []
        var existing: [(seq: Int, id: EventID)] = []
    }

    /// Checks each event of the batch against the state (which then holds them), and encodes
    /// those to write. Nothing is written here. An event that breaks a rule is left out and
    /// the next ones checked without it: its errors and theirs make `.rejected`.
    /// - Throws: `.conflict` for an id reused with other content; never when the cache
    ///   turned out damaged (`.cacheFailed` then).
    private func admit(_ events: [Event], _ inputs: [Input], into state: inout WriterState,
                       now: Timestamp) throws(LedgerError) -> Admission {
        var validator = state.validator
        // Each event's `recorded`: its own (merge driver) or `now`, never below the line before.
        var last = validator.index.lastRecorded
        var batch = Batch(head: state.head)
        var admitted: [Event] = []
        var problems: [LedgerError] = []
        // A large batch (an import) takes a while: say how far it has got.
        let told = events.count > 0x2000 ? progress : nil
        told?.begin("checking", total: events.count)
        for (position, (input, original)) in zip(inputs, events).enumerated() {
            if position & 0x1FFF == 0x1FFF { told?.advance(0x2000) }
            var event = original
            let file = input.file.isEmpty ? nil : input.file
            if let entry = validator.index.entry(event.id) {
                // Idempotency compares every field the client sent with the line as stored.
                guard let stored = validator.storedEvent(at: entry.seq) else {
                    if state.cacheFailure != nil { return .cacheFailed }
                    throw LedgerError(.io, "line \(entry.seq) of \(LedgerStore.logName) could not be read")
                }
                guard stored.id == event.id else {
                    if state.cacheFailure != nil { return .cacheFailed }
                    throw IndexCache.misplaced(entry.seq, "it holds the id '\(stored.id)', not '\(event.id)'")
                }
                if EventEncoder.content(stored) == EventEncoder.content(event) {
                    batch.existing.append((entry.seq, event.id))
                    continue
                }
                if state.cacheFailure != nil { return .cacheFailed }
                throw LedgerError(.conflict, "id '\(event.id)' is already used by line \(entry.seq) with other content",
                                  file: file, line: input.line,
                                  hint: "an id is an idempotency key: give a new event a new id")
            }
            // An id looked up in a damaged cache reads as absent: nothing is trusted then.
            if state.cacheFailure != nil { return .cacheFailed }
            event.seq = state.head.seq + admitted.count + 1
            var recorded = input.recorded ?? now
            if let last, last > recorded { recorded = last }
            event.recorded = recorded
            // `prev` is set once the lines before are written (below); no rule reads it.
            do throws(EventError) {
                try validator.admit(event)
            } catch {
                if state.cacheFailure != nil { return .cacheFailed }
                if error.needsWholeState { return .needsWholeState }
                problems.append(LedgerError(.badData, error.message, file: file, line: input.line))
                continue
            }
            admitted.append(event)
            batch.appended.append((event.seq, event.id))
            last = recorded
        }
        if state.cacheFailure != nil { return .cacheFailed }
        if !problems.isEmpty { return .rejected(problems) }
        Self.writeLines(admitted, into: &batch, logSize: state.logSize)
        state.validator = validator
        return .admitted(batch)
    }

    /// Encodes the admitted events as lines, each with the digest of the line before as its
    /// `prev`. The part of each line before `prev` is encoded, and hashed as far as its whole
    /// blocks go, on every core; only the rest of each hash waits for the line before.
    private static func writeLines(_ events: [Event], into batch: inout Batch, logSize: Int) {
        let prepared = Parallel.map(events.count) { range in
            range.map { k -> (head: [UInt8], hasher: SHA256) in
                let head = EventEncoder.lineBeforePrev(events[k])
                var hasher = SHA256()
                head.withUnsafeBytes { hasher.update($0) }
                return (head, hasher)
            }
        }
        let tail = Array(#""}"#.utf8)
        for piece in prepared {
            for (head, hasher) in piece {
                batch.starts.append(logSize + batch.output.count)
                let hex = Array(batch.head.hash.hex.utf8)
                var hasher = hasher
                hasher.update(hex)
                hasher.update(tail)
                batch.output.append(contentsOf: head)
                batch.output.append(contentsOf: hex)
                batch.output.append(contentsOf: tail)
                batch.output.append(0x0A)
                batch.head = Head(seq: batch.head.seq + 1, hash: hasher.finalize())
            }
        }
    }
}
