#if canImport(Glibc)
import Glibc
#endif

/// What a writer needs, brought up to the head of the log: the head, the
/// validation state, the log's size and where each of its lines starts.
struct WriterState {
    var head: Head
    var validator: Validator
    var logSize: Int
    /// Lines folded in since the snapshot the state was loaded from.
    var tailLines: Int
    /// Where each complete line starts, line 1 first (saved with the next snapshot).
    var lineStarts: [Int]
    /// The log read back by line, when the state came from a snapshot (for its read errors).
    let lines: LogFileLines?
    let fd: Int32
    let path: String

    /// The first failure to read a line back, if any (it explains a rejection that mentions
    /// a line that could not be read).
    var readFailure: LedgerError? { lines?.failure }
}

/// Lines of the log read back by position, for a writer resumed from its snapshot.
final class LogFileLines: StoredLines, @unchecked Sendable {
    // One writer uses it, on one thread, while it holds the log's lock.
    private let fd: Int32
    private let path: String
    private let starts: [Int]
    private let end: Int
    private(set) var failure: LedgerError?

    /// - Parameters:
    ///   - starts: where lines 1… start.
    ///   - end: the offset just after the last of them.
    init(fd: Int32, path: String, starts: [Int], end: Int) {
        self.fd = fd
        self.path = path
        self.starts = starts
        self.end = end
    }

    func event(at seq: Int) -> Event? {
        do {
            return try read(seq)
        } catch {
            if failure == nil { failure = error }
            return nil
        }
    }

    /// Reads and decodes line `seq`.
    func read(_ seq: Int) throws(LedgerError) -> Event {
        guard seq >= 1 && seq <= starts.count else {
            throw LedgerError(.io, "line \(seq) is not among the \(starts.count) lines the writer's snapshot knows")
        }
        let from = starts[seq - 1]
        let to = seq < starts.count ? starts[seq] : end
        var bytes = try FileIO.read(fd: fd, offset: from, count: to - from, path: path)
        if bytes.last == 0x0A { bytes.removeLast() }
        if bytes.last == 0x0D { bytes.removeLast() }
        let event: Event
        do {
            event = try EventDecoder.decodeLine(bytes, mode: .stored)
        } catch {
            throw IndexCache.misplaced(seq, error.message)
        }
        guard event.seq == seq else { throw IndexCache.misplaced(seq, "it holds seq \(event.seq)") }
        return event
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

/// Brings the validation state up to the head of the log without re-reading it.
///
/// The writer keeps a snapshot of its `LedgerIndex` in
/// `Snapshots/validation-<seq>.snapshot`: a JSON header line naming the log position
/// it stands for (seq, SHA-256 of that line, byte offset just after it), the length of
/// the state and of the whole body, and an FNV-1a checksum over the header's other fields
/// and the body; then the body: the state in a compact binary form
/// (`LedgerIndex+Serialization.swift`) followed by the length of each line of the log (LEB128),
/// so that a line can be read back by its seq. A writer loads the newest snapshot whose
/// checksum holds and whose last line is in the log (it hashes to the header's hash), then
/// reads and checks only the lines after it (the tail), amendments included. When the tail
/// reaches `interval` lines a new snapshot replaces the old. Anything that does not match
/// is ignored and the state is rebuilt from the whole log: one decode and one fold.
///
/// Nothing the writer writes depends on the snapshot but through the validation it stands
/// for: the last `recorded` time comes from the log's line, idempotency compares the line
/// itself, and every header field is under the checksum.
enum IndexCache {
    static let format = 2

    /// Tail lines before a new snapshot is written (`MEMBERSHIPS_SNAPSHOT_INTERVAL`, default 256).
    static var interval: Int {
        if let text = getenv("MEMBERSHIPS_SNAPSHOT_INTERVAL").map({ String(cString: $0) }),
           let value = Int(text), value >= 1 { return value }
        return 256
    }

    static func misplaced(_ seq: Int, _ why: String) -> LedgerError {
        LedgerError(.badData, "line \(seq) of \(LedgerStore.logName) is not where the writer's snapshot says (\(why))",
                    hint: "remove Snapshots/validation-*.snapshot (a cache) and retry")
    }

    static func load(store: LedgerStore, fd: Int32) throws(LedgerError) -> WriterState {
        let size = FileIO.size(fd: fd)
        for path in snapshotPaths(store) {
            if let state = try resume(from: path, store: store, fd: fd, size: size) { return state }
        }
        return try rebuild(store: store, fd: fd, size: size)
    }

    /// Reads the whole log and folds it into a fresh validator: one decode, one fold.
    static func rebuild(store: LedgerStore, fd: Int32, size: Int) throws(LedgerError) -> WriterState {
        let bytes = try FileIO.read(fd: fd, offset: 0, count: size, path: store.logPath)
        let read = try decode(bytes, base: 0, firstLine: 1)
        let lines = EventArrayLines(read.events)
        var validator = Validator(source: lines, holding: false)
        validator.reserveCapacity(read.events.count)
        try fold(read.events, into: &validator)
        // From here on, what the writer admits is held in memory beside the lines read.
        validator = Validator(index: validator.index, source: lines, holding: true)
        return WriterState(head: read.head, validator: validator, logSize: size, tailLines: read.events.count,
                           lineStarts: read.starts, lines: nil, fd: fd, path: store.logPath)
    }

    private static func fold(_ events: [Event], into validator: inout Validator) throws(LedgerError) {
        for event in events {
            do {
                try validator.admit(event)
            } catch {
                throw LedgerError(.badData, "the log does not verify: \(error.message)", file: LedgerStore.logName,
                                  line: event.seq, hint: "run 'memberships verify' for every problem")
            }
        }
    }

    /// The complete lines of `bytes` (which start at offset `base` of the log, at line
    /// `firstLine`) as events, where each starts in the log, and the head they end at.
    /// - Throws: `.badData` at the first line that is not a valid stored event or whose seq
    ///   is not its position.
    static func decode(_ bytes: [UInt8], base: Int, firstLine: Int) throws(LedgerError)
        -> (events: [Event], starts: [Int], head: Head) {
        let lines = LogLines.split(bytes).filter(\.terminated)
        guard !lines.isEmpty else { return ([], [], .empty) }
        let pieces = bytes.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            return Parallel.map(lines.count) { range in
                Result { () throws(LedgerError) -> [Event] in
                    var events: [Event] = []
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
                        events.append(event)
                    }
                    return events
                }
            }
        }
        var events: [Event] = []
        events.reserveCapacity(lines.count)
        for piece in pieces { events.append(contentsOf: try piece.get()) }
        let last = lines[lines.count - 1]
        let hash = bytes.withUnsafeBufferPointer { SHA256.hash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: $0[last.range]))) }
        return (events, lines.map { base + $0.range.lowerBound }, Head(seq: events[events.count - 1].seq, hash: hash))
    }

    /// Validation snapshots, newest first.
    static func snapshotPaths(_ store: LedgerStore) -> [String] {
        FileIO.numbered(in: store.snapshotsPath, prefix: "validation-", suffix: ".snapshot").map(\.path)
    }

    /// The header's fields but the checksum, in the order they are written.
    static func headerFields(seq: Int, hash: SHA256Digest, offset: Int, ids: Int, index: Int, length: Int) -> [JSONMember] {
        [JSONMember("format", .number(String(format))),
         JSONMember("kind", .string("validation-index")),
         JSONMember("seq", .number(String(seq))),
         JSONMember("hash", .string(hash.hex)),
         JSONMember("offset", .number(String(offset))),
         JSONMember("ids", .number(String(ids))),
         JSONMember("index", .number(String(index))),
         JSONMember("length", .number(String(length)))]
    }

    /// FNV-1a over the header's fields (canonical JSON) and the body.
    static func checksum(_ fields: [JSONMember], _ body: ArraySlice<UInt8>) -> String {
        FNV1a.hex((JSONWriter.encode(.object(fields)) + [0x0A] + body)[...])
    }

    /// The state from a snapshot plus the log's tail, or nil when the snapshot does not match.
    private static func resume(from path: String, store: LedgerStore, fd: Int32, size: Int) throws(LedgerError) -> WriterState? {
        guard let bytes = try? FileIO.readAll(path), let newline = bytes.firstIndex(of: 0x0A),
              case .object(let members)? = try? JSONReader.parse(bytes[..<newline]),
              members.count == 9, members.last?.key == "checksum",
              let header = Optional(JSONValue.object(members)),
              header["format"]?.int64Value == Int64(format),
              let seq = header["seq"]?.int64Value.map(Int.init), seq >= 1,
              let offset = header["offset"]?.int64Value.map(Int.init),
              let hash = header["hash"]?.stringValue.flatMap(SHA256Digest.init(hex:)),
              let ids = header["ids"]?.int64Value.map(Int.init), ids >= 0, ids < 1 << 32,
              let indexLength = header["index"]?.int64Value.map(Int.init), indexLength >= 0,
              let length = header["length"]?.int64Value.map(Int.init),
              let sum = header["checksum"]?.stringValue,
              offset >= 1, offset <= size else { return nil }
        let body = bytes[(newline + 1)...]
        let fields = headerFields(seq: seq, hash: hash, offset: offset, ids: ids, index: indexLength, length: length)
        guard body.count == length, indexLength <= length, Array(members.dropLast()) == fields,
              sum == checksum(fields, body) else { return nil }
        guard var index = LedgerIndex.deserialized(body.prefix(indexLength), ids: ids), index.lastSeq == seq,
              let starts = lineStarts(body.dropFirst(indexLength), count: seq, end: offset) else { return nil }
        // Its last line must be in the log: then so is every line before it (the chain).
        let last = try FileIO.read(fd: fd, offset: starts[seq - 1], count: offset - starts[seq - 1], path: store.logPath)
        guard last.last == 0x0A else { return nil }
        var line = Array(last.dropLast())
        if line.last == 0x0D { line.removeLast() }
        guard SHA256.hash(line) == hash, let lastEvent = try? EventDecoder.decodeLine(line, mode: .stored),
              lastEvent.seq == seq else { return nil }
        index.restoreLastRecorded(lastEvent.recorded)

        let lines = LogFileLines(fd: fd, path: store.logPath, starts: starts, end: offset)
        var validator = Validator(index: index, source: lines, holding: true)
        let tailBytes = try FileIO.read(fd: fd, offset: offset, count: size - offset, path: store.logPath)
        let tail = try decode(tailBytes, base: offset, firstLine: seq + 1)
        do {
            try fold(tail.events, into: &validator)
        } catch {
            throw lines.failure ?? error
        }
        let head = tail.events.isEmpty ? Head(seq: seq, hash: hash) : tail.head
        return WriterState(head: head, validator: validator, logSize: size, tailLines: tail.events.count,
                           lineStarts: starts + tail.starts, lines: lines, fd: fd, path: store.logPath)
    }

    /// Line starts from `count` line lengths (LEB128) that end at `end`; nil when they do not.
    private static func lineStarts(_ bytes: ArraySlice<UInt8>, count: Int, end: Int) -> [Int]? {
        var input = ByteReader(bytes)
        var starts: [Int] = []
        starts.reserveCapacity(count)
        var position = 0
        for _ in 0..<count {
            guard let length = input.varint(), length >= 1, length <= UInt64(end) else { return nil }
            starts.append(position)
            position += Int(length)
        }
        guard input.atEnd, position == end else { return nil }
        return starts
    }

    /// Writes a new snapshot when the tail has grown past `interval`, and removes older ones.
    /// A cache: failures are ignored (the next writer rebuilds).
    static func saveIfDue(_ state: WriterState, store: LedgerStore) {
        guard state.tailLines >= interval, FileIO.isDirectory(store.snapshotsPath),
              state.lineStarts.count == state.head.seq, state.head.seq >= 1 else { return }
        let index = state.validator.index
        var body = index.serialized()
        let indexLength = body.count
        var lengths = ByteWriter()
        lengths.bytes.reserveCapacity(state.lineStarts.count * 2)
        for (i, start) in state.lineStarts.enumerated() {
            let next = i + 1 < state.lineStarts.count ? state.lineStarts[i + 1] : state.logSize
            lengths.varint(UInt64(next - start))
        }
        body += lengths.bytes
        let fields = headerFields(seq: state.head.seq, hash: state.head.hash, offset: state.logSize, ids: index.ids.count,
                                  index: indexLength, length: body.count)
        var out = JSONWriter.encode(.object(fields + [JSONMember("checksum", .string(checksum(fields, body[...])))]))
        out.append(0x0A)
        out.append(contentsOf: body)

        let final = store.snapshotsPath + "/validation-\(state.head.seq).snapshot"
        let temporary = final + ".tmp-\(getpid())"
        guard let fd = try? FileIO.open(temporary, O_WRONLY | O_CREAT | O_TRUNC) else { return }
        let written = (try? FileIO.writeAll(fd: fd, out, path: temporary)) != nil
        close(fd)
        guard written, rename(temporary, final) == 0 else { unlink(temporary); return }
        for old in snapshotPaths(store) where old != final { unlink(old) }
    }
}
