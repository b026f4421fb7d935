#if canImport(Glibc)
import Glibc
#endif

/// What a writer needs, brought up to the head of the log: the head, the
/// validation state, and the log's size.
struct WriterState {
    var head: Head
    var validator: Validator
    var logSize: Int
    /// Lines folded in since the snapshot the state was loaded from.
    var tailLines: Int
    let fd: Int32
    let path: String

    /// Every event of the log (for amendments, which re-check the whole record).
    func loadHistory() throws(LedgerError) -> [Event] {
        if let history = validator.history { return history }
        let bytes = try FileIO.read(fd: fd, offset: 0, count: logSize, path: path)
        return try LogReader.events(in: bytes, file: LedgerStore.logName).events
    }
}

/// Brings the validation state up to the head of the log without re-reading it.
///
/// The writer keeps a snapshot of its `LedgerIndex` in
/// `Snapshots/validation-<seq>.snapshot`: a JSON header line naming the log position
/// it stands for (seq, SHA-256 of that line, byte offset just after it) and the
/// body's length and FNV-1a checksum, then the state in a compact binary form
/// (`LedgerIndex+Serialization.swift`). A writer loads the newest
/// snapshot whose position matches the log (the line at that offset hashes to the
/// header's hash), then reads and checks only the lines after it (the tail). When
/// the tail reaches `interval` lines a new snapshot replaces the old. Anything
/// that does not match is ignored and the state is rebuilt from the whole log.
enum IndexCache {
    static let format = 1

    /// Tail lines before a new snapshot is written (`MEMBERSHIPS_SNAPSHOT_INTERVAL`, default 256).
    static var interval: Int {
        if let text = getenv("MEMBERSHIPS_SNAPSHOT_INTERVAL").map({ String(cString: $0) }),
           let value = Int(text), value >= 1 { return value }
        return 256
    }

    static func load(store: LedgerStore, fd: Int32) throws(LedgerError) -> WriterState {
        let size = FileIO.size(fd: fd)
        for path in snapshotPaths(store) {
            if let state = try resume(from: path, store: store, fd: fd, size: size) { return state }
        }
        return try rebuild(store: store, fd: fd, size: size)
    }

    /// Reads the whole log and folds it into a fresh validator.
    static func rebuild(store: LedgerStore, fd: Int32, size: Int) throws(LedgerError) -> WriterState {
        let bytes = try FileIO.read(fd: fd, offset: 0, count: size, path: store.logPath)
        let (events, head) = try LogReader.events(in: bytes, file: LedgerStore.logName)
        var validator = Validator()
        try fold(events, into: &validator)
        return WriterState(head: head, validator: validator, logSize: size, tailLines: events.count, fd: fd,
                           path: store.logPath)
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

    /// Validation snapshots, newest first.
    static func snapshotPaths(_ store: LedgerStore) -> [String] {
        FileIO.numbered(in: store.snapshotsPath, prefix: "validation-", suffix: ".snapshot").map(\.path)
    }

    /// The state from a snapshot plus the log's tail, or nil when the snapshot does not match.
    private static func resume(from path: String, store: LedgerStore, fd: Int32, size: Int) throws(LedgerError) -> WriterState? {
        guard let bytes = try? FileIO.readAll(path), let newline = bytes.firstIndex(of: 0x0A),
              let header = try? JSONReader.parse(bytes[..<newline]),
              header["format"]?.int64Value == Int64(format),
              let seq = header["seq"]?.int64Value.map(Int.init),
              let offset = header["offset"]?.int64Value.map(Int.init),
              let hash = header["hash"]?.stringValue.flatMap(SHA256Digest.init(hex:)),
              let ids = header["ids"]?.int64Value.map(Int.init), ids >= 0, ids < 1 << 32,
              let checksum = header["body"]?.stringValue,
              offset >= 1, offset <= size else { return nil }
        let body = bytes[(newline + 1)...]
        guard body.count == header["length"]?.int64Value.map(Int.init), checksum == FNV1a.hex(body) else { return nil }
        // The line that ends at `offset` must be the one the snapshot names.
        guard try LogPosition.line(endingAt: offset, hashesTo: hash, fd: fd, path: store.logPath) else { return nil }
        guard var index = LedgerIndex.deserialized(body, ids: ids) else { return nil }
        let recorded = header["recorded"]?.stringValue.flatMap(Timestamp.parseRecorded)
        index.restoreLastRecorded(recorded)

        var validator = Validator(index: index)
        let tailBytes = try FileIO.read(fd: fd, offset: offset, count: size - offset, path: store.logPath)
        let (tail, tailHead) = try LogReader.events(in: tailBytes, file: LedgerStore.logName, firstLine: seq + 1)
        if tail.contains(where: { $0.type.isAmendment }) {
            return try rebuild(store: store, fd: fd, size: size)
        }
        try fold(tail, into: &validator)
        let head = tail.isEmpty ? Head(seq: seq, hash: hash) : tailHead
        return WriterState(head: head, validator: validator, logSize: size, tailLines: tail.count, fd: fd,
                           path: store.logPath)
    }

    /// Writes a new snapshot when the tail has grown past `interval`, and removes older ones.
    /// A cache: failures are ignored (the next writer rebuilds).
    static func saveIfDue(_ state: WriterState, store: LedgerStore) {
        guard state.tailLines >= interval, FileIO.isDirectory(store.snapshotsPath) else { return }
        let index = state.validator.index
        let body = index.serialized()
        let header = JSONValue.object([
            JSONMember("format", .number(String(format))),
            JSONMember("kind", .string("validation-index")),
            JSONMember("seq", .number(String(state.head.seq))),
            JSONMember("hash", .string(state.head.hash.hex)),
            JSONMember("offset", .number(String(state.logSize))),
            JSONMember("ids", .number(String(index.ids.count))),
            JSONMember("recorded", index.lastRecorded.map { .string($0.recordedText) } ?? .null),
            JSONMember("length", .number(String(body.count))),
            JSONMember("body", .string(FNV1a.hex(body[...]))),
        ])
        var out = JSONWriter.encode(header)
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
