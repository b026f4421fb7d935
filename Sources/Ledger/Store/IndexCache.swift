#if canImport(Glibc)
import Glibc
#endif

/// What a writer needs, brought up to the head of the log: the head, the validation state
/// (whole, or the part its batch needs), the log's size, the cache it came from and where
/// the lines after that cache start.
struct WriterState {
    var head: Head
    var validator: Validator
    var logSize: Int
    /// The cache the state was loaded from (nil: none could be built; the state was folded
    /// from the whole log in memory).
    let cache: WriterCache?
    /// Where each line after the cache's last starts: the tail, then what this writer appends.
    var tailStarts: [Int]

    /// Lines folded in since the cache.
    var tailLines: Int { tailStarts.count }
    /// Whether only part of the state is loaded (the fast path).
    var partial: Bool { validator.index.loadedMembers != nil }
    /// Why the cache can no longer be trusted, once a page or a line it names did not match.
    var cacheFailure: String? { cache?.failure }
}

/// Lines 1…S of the log read back where the writer's cache says they are, for the ids it
/// confirms and the lines a validator reads again (idempotency, amendments).
final class CacheLines: StoredLines, @unchecked Sendable {
    // One writer uses it, on one thread, while it holds the log's lock.
    private let fd: Int32
    private let path: String
    let cache: WriterCache

    init(fd: Int32, path: String, cache: WriterCache) {
        self.fd = fd
        self.path = path
        self.cache = cache
    }

    /// The event at line `seq`, as stored; nil, and the cache marked as failed, when the line
    /// is not where the cache says (or cannot be read).
    func event(at seq: Int) -> Event? {
        guard let range = cache.lineRange(seq) else { return nil }
        guard let bytes = try? FileIO.read(fd: fd, offset: range.lowerBound, count: range.count, path: path),
              bytes.count == range.count, bytes.last == 0x0A else {
            cache.fail("line \(seq) of \(LedgerStore.logName) is not where it says (it cannot be read whole)")
            return nil
        }
        var line = bytes.dropLast()
        if line.last == 0x0D { line = line.dropLast() }
        guard let event = try? EventDecoder.decodeLine(Array(line), mode: .stored), event.seq == seq else {
            cache.fail("line \(seq) of \(LedgerStore.logName) is not where it says")
            return nil
        }
        return event
    }
}

/// The ids of lines 1…S, found in the writer's cache and confirmed by reading their line.
final class CacheIDs: IDLookup, @unchecked Sendable {
    private let lines: CacheLines
    private let logPath: String
    private var cache: WriterCache { lines.cache }

    init(lines: CacheLines, logPath: String) {
        self.lines = lines
        self.logPath = logPath
    }

    func entry(_ id: EventID) -> LedgerIndex.Entry? {
        for seq in cache.idCandidates(WriterCache.key(id.rawValue)) {
            // Another id with the same hash is passed over; a line that cannot be read is a failure.
            guard let event = lines.event(at: seq) else { return nil }
            guard event.id == id else { continue }
            guard let info = cache.info(seq), info.type == event.type else {
                cache.fail("line \(seq)'s type is not the one it says")
                return nil
            }
            return LedgerIndex.Entry(seq: seq, type: info.type, retracted: info.retracted)
        }
        return nil
    }

    /// Every id of lines 1…S, read from the mapped log (for error hints and tests).
    func allEntries() -> [EventID: LedgerIndex.Entry] {
        var all: [EventID: LedgerIndex.Entry] = [:]
        let count = cache.header.seq
        guard let file = try? MappedFile(path: logPath) else {
            cache.fail("the log cannot be mapped")
            return all
        }
        all.reserveCapacity(count)
        for seq in 1...count {
            guard let range = cache.lineRange(seq), range.upperBound <= file.bytes.count,
                  let info = cache.info(seq) else { return all }
            var end = range.upperBound - 1
            if end > range.lowerBound && file.bytes[end - 1] == 0x0D { end -= 1 }
            guard let event = try? EventDecoder.decodeLine(UnsafeBufferPointer(rebasing: file.bytes[range.lowerBound..<end]),
                                                           mode: .stored), event.seq == seq else {
                cache.fail("line \(seq) of \(LedgerStore.logName) is not where it says")
                return all
            }
            all[event.id] = LedgerIndex.Entry(seq: seq, type: info.type, retracted: info.retracted)
        }
        return all
    }
}

/// Events already in memory, by line (a writer that has just read the whole log).
final class EventArrayLines: StoredLines {
    let events: [Event]
    init(_ events: [Event]) { self.events = events }

    func event(at seq: Int) -> Event? {
        if seq >= 1 && seq <= events.count && events[seq - 1].seq == seq { return events[seq - 1] }
        return events.first(where: { $0.seq == seq })
    }
}

/// Brings a writer's validation state up to the head of the log, reading only what its
/// batch needs.
///
/// The state of lines 1…S lives in the writer's cache (`WriterCache`). A writer opens it,
/// checks that it stands for this log (line S hashes to the header's hash), decodes the lines
/// after S (the tail) and then loads:
///
/// - on the fast path — when neither the tail nor the batch holds an amendment, a merger or
///   a closure — the networks (few) and only the members the tail and the batch name, ids
///   being looked up in the cache one at a time; what that part cannot decide (a member
///   named nowhere in it, whose hint needs every slug) sends the writer to the whole state;
/// - otherwise the whole state, as every rule of an amendment, merger or closure may read it.
///
/// The tail is folded on top without checking its rules again (each of its lines was checked
/// when it was appended; an amendment's effect is computed as on append). When the tail
/// reaches `interval` lines on the fast path, the cache is brought up to the head in place
/// (`WriterCache.update`, only the pages that change); after anything appended on the whole
/// state, it is written anew. With no cache, or one that does not match or is damaged, the
/// cache is built from the log (one parallel decode, one pass, `CacheContent.fromLog`) and
/// written.
enum IndexCache {
    /// Tail lines before the cache is written again (`MEMBERSHIPS_SNAPSHOT_INTERVAL`, default 256).
    static var interval: Int {
        if let text = getenv("MEMBERSHIPS_SNAPSHOT_INTERVAL").map({ String(cString: $0) }),
           let value = Int(text), value >= 1 { return value }
        return 256
    }

    /// Where the store's cache is.
    static func path(_ store: LedgerStore) -> String { store.snapshotsPath + "/" + WriterCache.fileName }

    static func misplaced(_ seq: Int, _ why: String) -> LedgerError {
        LedgerError(.badData, "line \(seq) of \(LedgerStore.logName) is not where the writer's cache says (\(why))",
                    hint: "remove Snapshots/\(WriterCache.fileName) (a cache) and retry")
    }

    /// Loads the state for appending `batch`.
    /// - Parameters:
    ///   - whole: load the whole state even when the batch would not need it.
    ///   - fresh: ignore the cache on disk and build it again from the log.
    static func load(store: LedgerStore, fd: Int32, batch: [Event], whole: Bool = false,
                     fresh: Bool = false) throws(LedgerError) -> WriterState {
        let size = FileIO.size(fd: fd)
        if !fresh, case .success(let cache) = WriterCache.open(path: path(store)),
           let state = try resume(cache, store: store, fd: fd, size: size, batch: batch, whole: whole) {
            return state
        }
        return try rebuild(store: store, fd: fd, size: size, batch: batch, whole: whole)
    }

    /// Builds the cache from the whole log, writes it, and resumes from it; when no cache can
    /// hold the log (no complete line), folds the log in memory.
    static func rebuild(store: LedgerStore, fd: Int32, size: Int, batch: [Event] = [],
                        whole: Bool = true) throws(LedgerError) -> WriterState {
        let file = try MappedFile(path: store.logPath)
        if let (content, lines) = try CacheContent.fromLog(file, progress: store.progress),
           let cache = WriterCache.write(content, lines: lines, store: store),
           let state = try resume(cache, store: store, fd: fd, size: size, batch: batch, whole: whole) {
            return state
        }
        return try foldInMemory(store: store, fd: fd, size: size)
    }

    /// Reads the whole log and folds it into a fresh validator, checking every line.
    static func foldInMemory(store: LedgerStore, fd: Int32, size: Int) throws(LedgerError) -> WriterState {
        let bytes = try FileIO.read(fd: fd, offset: 0, count: size, path: store.logPath)
        let read = try decode(bytes, base: 0, firstLine: 1, previous: .zero, progress: store.progress)
        let lines = EventArrayLines(read.events)
        var validator = Validator(source: lines, holding: false)
        validator.reserveCapacity(read.events.count)
        try fold(read.events, into: &validator)
        // From here on, what the writer admits is held in memory beside the lines read.
        validator = Validator(index: validator.index, source: lines, holding: true)
        return WriterState(head: read.head, validator: validator, logSize: size, cache: nil, tailStarts: read.starts)
    }

    private static func fold(_ events: [Event], into validator: inout Validator) throws(LedgerError) {
        for event in events {
            do {
                try validator.admit(event)
            } catch {
                throw doesNotVerify(event.seq, error)
            }
        }
    }

    private static func doesNotVerify(_ seq: Int, _ error: EventError) -> LedgerError {
        LedgerError(.badData, "the log does not verify: \(error.message)", file: LedgerStore.logName,
                    line: seq, hint: "run 'memberships verify' for every problem")
    }

    /// The state from `cache` plus the log's tail, or nil when the cache does not stand for
    /// this log or turns out damaged.
    private static func resume(_ cache: WriterCache, store: LedgerStore, fd: Int32, size: Int, batch: [Event],
                               whole: Bool) throws(LedgerError) -> WriterState? {
        let h = cache.header
        // Its last line must be in the log: then so is every line before it (the chain).
        guard h.offset <= size, cache.lineStart(h.seq) == h.lineStart else { return nil }
        let last = try FileIO.read(fd: fd, offset: h.lineStart, count: h.offset - h.lineStart, path: store.logPath)
        guard last.count == h.offset - h.lineStart, last.last == 0x0A else { return nil }
        var line = Array(last.dropLast())
        if line.last == 0x0D { line.removeLast() }
        guard SHA256.hash(line) == h.hash, let lastEvent = try? EventDecoder.decodeLine(line, mode: .stored),
              lastEvent.seq == h.seq else { return nil }

        let tailBytes = try FileIO.read(fd: fd, offset: h.offset, count: size - h.offset, path: store.logPath)
        let tail = try decode(tailBytes, base: h.offset, firstLine: h.seq + 1, previous: h.hash, progress: store.progress)
        func needsWhole(_ event: Event) -> Bool {
            event.type.isAmendment || event.type == .merger || event.type == .closure
        }
        var wanted: [MemberID]?
        if !whole && !tail.events.contains(where: needsWhole) && !batch.contains(where: needsWhole) {
            var named: Set<MemberID> = []
            for event in tail.events { if let m = event.member { named.insert(m) } }
            for event in batch { if let m = event.member { named.insert(m) } }
            wanted = Array(named)
        }
        let lines = CacheLines(fd: fd, path: store.logPath, cache: cache)
        guard var index = LedgerIndex.loaded(from: cache, members: wanted,
                                             lookup: CacheIDs(lines: lines, logPath: store.logPath)) else { return nil }
        index.restoreLastRecorded(lastEvent.recorded)
        var validator = Validator(index: index, source: lines, holding: true)
        // Each line of the tail was checked when it was appended: it is folded in, not checked
        // again (which would cost its member's record for each line). Its chain was checked
        // by `decode`: a line added by hand with a forged `prev` is refused, never built on.
        for event in tail.events {
            do {
                try validator.foldChecked(event)
            } catch {
                if cache.failure != nil { return nil }
                if error.needsWholeState {
                    return try resume(cache, store: store, fd: fd, size: size, batch: batch, whole: true)
                }
                throw doesNotVerify(event.seq, error)
            }
        }
        guard cache.failure == nil else { return nil }
        let head = tail.events.isEmpty ? Head(seq: h.seq, hash: h.hash) : tail.head
        return WriterState(head: head, validator: validator, logSize: size, cache: cache, tailStarts: tail.starts)
    }

    /// The complete lines of `bytes` (which start at offset `base` of the log, at line
    /// `firstLine`, after a line that hashes to `previous`) as events, where each starts in
    /// the log, and the head they end at.
    /// - Throws: `.badData` at the first line that is not a valid stored event, whose seq is
    ///   not its position or whose `prev` is not the SHA-256 of the line before it.
    static func decode(_ bytes: [UInt8], base: Int, firstLine: Int, previous: SHA256Digest,
                       progress: (any ProgressSink)? = nil) throws(LedgerError)
        -> (events: [Event], starts: [Int], head: Head) {
        let lines = LogLines.split(bytes).filter(\.terminated)
        guard !lines.isEmpty else { return ([], [], .empty) }
        progress?.begin("reading", total: lines.count)
        let pieces = bytes.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            return Parallel.map(lines.count, progress: progress) { range in
                Result { () throws(LedgerError) -> [(event: Event, hash: SHA256Digest)] in
                    var events: [(event: Event, hash: SHA256Digest)] = []
                    events.reserveCapacity(range.count)
                    for line in lines[range] {
                        let number = line.number + firstLine - 1
                        let event: Event
                        do throws(EventError) {
                            event = try EventDecoder.decodeLine(UnsafeBufferPointer(rebasing: buffer[line.range]), mode: .stored)
                        } catch {
                            throw LedgerError(.badData, error.message, file: LedgerStore.logName, line: number,
                                              hint: "run 'memberships verify' for every problem")
                        }
                        guard event.seq == number else {
                            throw LedgerError(.badData, "seq \(event.seq) where \(number) was expected", file: LedgerStore.logName,
                                              line: number, hint: "run 'memberships verify' for every problem")
                        }
                        let hash = SHA256.hash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[line.range])))
                        events.append((event, hash))
                    }
                    return events
                }
            }
        }
        var events: [Event] = []
        events.reserveCapacity(lines.count)
        var hash = previous
        for piece in pieces {
            for (event, own) in try piece.get() {
                guard event.prev == hash else {
                    let number = event.seq
                    throw LedgerError(.badData, "hash chain broken: 'prev' is not the SHA-256 of line \(number - 1); the log was changed at or before this line",
                                      file: LedgerStore.logName, line: number, hint: "run 'memberships verify' for every problem")
                }
                events.append(event)
                hash = own
            }
        }
        return (events, lines.map { base + $0.range.lowerBound }, Head(seq: events[events.count - 1].seq, hash: hash))
    }

    /// Writes the cache again when it is due: on the fast path once the tail has reached
    /// `interval` lines; on the whole state whenever lines were folded in after it (so the
    /// next writer's tail holds no amendment, merger or closure and it can take the fast
    /// path). A cache found damaged on the way is built again from the log. A cache: failures
    /// are ignored (the next writer rebuilds).
    static func saveIfDue(_ state: WriterState, store: LedgerStore) {
        guard FileIO.isDirectory(store.snapshotsPath), state.head.seq >= 1 else { return }
        if state.cacheFailure == nil {
            guard state.partial ? state.tailLines >= (store.cacheInterval ?? interval) : state.tailLines > 0 else { return }
            guard let lastStart = state.tailStarts.last ?? state.cache?.header.lineStart else { return }
            // On the fast path, the pages that change; else (or when that does not fit) a new file.
            if state.partial, let cache = state.cache,
               cache.update(index: state.validator.index, tailStarts: state.tailStarts, head: state.head,
                            lastLineStart: lastStart, offset: state.logSize) { return }
            if let content = CacheContent.from(index: state.validator.index, base: state.cache, tailStarts: state.tailStarts,
                                               head: state.head, lastLineStart: lastStart, offset: state.logSize) {
                _ = WriterCache.write(content, store: store)
                return
            }
            guard state.cacheFailure != nil else { return }
        }
        if let file = try? MappedFile(path: store.logPath), let (content, lines) = try? CacheContent.fromLog(file) {
            _ = WriterCache.write(content, lines: lines, store: store)
        }
    }
}

extension LedgerIndex {
    /// Restores the last `recorded` time after the state is read.
    mutating func restoreLastRecorded(_ lastRecorded: Timestamp?) {
        self.lastRecorded = lastRecorded
    }
}
