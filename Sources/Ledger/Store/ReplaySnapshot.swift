#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Snapshots for the views (SPEC §8): `Snapshots/replay-<seq>.snapshot` holds the decoded
/// events of lines 1…seq, so a view decodes only the log lines after them, and the
/// compliance status folded over every date, so `status` at the head skips the replay too.
///
/// Views need the raw events (for `--known-at`, amendments and the audit trail), and parsing
/// and validating the JSON of every line dominates their load time; the snapshot keeps the
/// events in a compact binary form (`ReplayCodec`) that loads without re-validating.
///
/// The file is a JSON header line, then the events, then the folded status:
/// `{"format":5,"kind":"replay","seq":S,"hash":H,"offset":O,"length":L,"sha256":C,"statusLength":L2,"statusSha256":C2}` —
/// S the seq of the last line it holds, H the SHA-256 (hex) of that line as stored, O the byte
/// offset just after that line's `\n`, L the length in bytes of the events part and C its
/// seal (hex): the SHA-256 of the SHA-256s of its successive 1 MiB pieces (`seal`); L2 and C2
/// the same for the status part, which follows. The events part is the encoding of a
/// `FactLog`; the status part is opaque here (the views' module writes and reads it). Each
/// part is read and sealed on its own, so a reader reads only the part it uses.
///
/// A snapshot is used only when it is a prefix of the log: the line that ends at O hashes to H
/// (that line's `prev` chains back to line 1, so the head at S commits to every line before it,
/// SPEC §2), and the part read has its length and seal (and the events part decodes to exactly
/// S events numbered 1…S). Anything else — a log rewritten or cut, a file from another ledger,
/// damaged, cut short, of an unknown format — is ignored with one warning naming the file and
/// why, and the next older snapshot (or the whole log) is tried. Views never delete a snapshot.
/// The status part is used only when the snapshot is at the head of the log (no complete line
/// after O) and the view asks for everything recorded (no `--known-at`); otherwise, or when it
/// does not check out, `status` replays as every view does.
///
/// C is a cryptographic hash, not a checksum: no other body with the same C can be found, so
/// a body changed without recomputing C — or with a fast checksum recomputed, as format 3's
/// FNV-1a allowed — is refused. A hash list rather than one SHA-256 of the whole body, so
/// that the pieces are hashed on every core (one SHA-256 of the 88 MB body of a million
/// events takes 0.35 s on one core). Whoever recomputes C as well can still make a body that
/// views trust: the body is not derived again from the log, since that is the very work a
/// snapshot saves (docs/RELIABILITY.md).
///
/// Which snapshot a view uses: the newest that matches, whatever `--known-at` says, except that
/// with `--known-at seq:N` only snapshots at seq ≤ N are considered (SPEC §8: "an older snapshot
/// or replay from the start"). Since a snapshot holds events, not folded state, and the `Replay`
/// itself filters events by `--known-at`, any matching snapshot gives the same result; for an
/// instant or a day the newest one is simply loaded and the replay drops what was recorded later.
///
/// Like the log, snapshots are read without the writers' lock: they cover complete lines only,
/// and are written to a temporary file and renamed into place.
public enum ReplaySnapshot {
    /// The format this version writes and reads.
    static let format = 5
    /// Replay snapshots kept by `write` (the newest ones).
    public static let kept = 3

    /// The log's complete lines as facts, the mapped log they were read from, its head, the
    /// offset just after the last complete line, and the seq of the snapshot they were loaded
    /// from (nil: the whole log).
    public struct Loaded: Sendable {
        public var log: FactLog
        public var file: MappedFile
        public var head: Head
        public var offset: Int
        public var snapshot: Int? = nil

        /// Reads back the event of each fact from the mapped log.
        public var source: LineSource { LineSource(file: file, lineStarts: log.lineStarts ?? []) }
    }

    /// Why a snapshot was not used.
    struct Rejection: Error {
        let why: String
        /// True when it can never match this log (damaged, or for other lines): the `snapshot`
        /// command removes it. False when it may be fine for another reader (an unknown format,
        /// a position past the end of the log as this reader saw it, an unreadable file).
        let mismatch: Bool
    }

    /// `Snapshots/replay-<seq>.snapshot`, as messages name it.
    public static func name(seq: Int) -> String { "Snapshots/replay-\(seq).snapshot" }

    // MARK: - Loading

    /// The log's complete lines as events and its head, from the newest matching snapshot plus
    /// the lines after it (or from the whole log when none matches).
    /// - Parameters:
    ///   - limit: with `--known-at seq:N`, N: snapshots past it are not considered.
    ///   - warn: receives one line per snapshot ignored: `ignoring Snapshots/replay-N.snapshot: why`.
    ///   - registrationsAsFacts: the lines decoded keep no whole event of a member's
    ///     registration, only its fact (as with a `spill`): for a view that shows no member's
    ///     name (`status`). A snapshot's facts are read as saved.
    /// - Throws: `.noLedger` (66); `.io` (74); `.badData` (65) for a log line after the snapshot
    ///   that is not a valid stored event.
    static func load(_ store: LedgerStore, limit: Int?, warn: (String) -> Void,
                     rejected: (String, Rejection) -> Void = { _, _ in }, spill: FactSpill? = nil,
                     registrationsAsFacts: Bool = false) throws(LedgerError) -> Loaded {
        try store.requireLedger()
        let file = try MappedFile(path: store.logPath)
        let bytes = file.bytes
        for (seq, path) in paths(store) where limit.map({ seq <= $0 }) ?? true {
            switch check(path, seq: seq, log: bytes) {
            case .success(var base):
                let tail = UnsafeBufferPointer(rebasing: bytes[base.offset...])
                let (more, head) = try FactLog.decode(tail, file: LedgerStore.logName, firstLine: seq + 1,
                                                      baseOffset: base.offset, release: file, progress: store.progress,
                                                      registrationsAsFacts: registrationsAsFacts)
                if more.facts.isEmpty { return Loaded(log: base.log, file: file, head: base.head, offset: base.offset, snapshot: seq) }
                base.log.append(more)
                return Loaded(log: base.log, file: file, head: head, offset: base.offset + endOfLines(tail), snapshot: seq)
            case .failure(let rejection):
                warn("ignoring \(name(seq: seq)): \(rejection.why)")
                rejected(path, rejection)
            }
        }
        let (log, head) = try FactLog.decode(bytes, file: LedgerStore.logName, firstLine: 1, baseOffset: 0, release: file,
                                             progress: store.progress, registrationsAsFacts: spill != nil || registrationsAsFacts,
                                             stretch: FactLog.stretch, spill: spill)
        return Loaded(log: log, file: file, head: head, offset: endOfLines(bytes))
    }

    /// The offset just after the last `\n` (0 when there is none).
    private static func endOfLines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var end = bytes.count
        while end > 0 && bytes[end - 1] != 0x0A { end -= 1 }
        return end
    }

    /// Whether the line whose `\n` ends just before `offset` hashes to `hash`: how a snapshot
    /// proves it stands for a prefix of this log (the line's hash commits to every line
    /// before it, SPEC §2).
    static func line(endingAt offset: Int, hashesTo hash: SHA256Digest, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard offset >= 1, offset <= bytes.count, bytes[offset - 1] == 0x0A else { return false }
        var start = offset - 1
        while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
        var end = offset - 1
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return SHA256.hash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<end]))) == hash
    }

    /// Replay snapshots as (seq, path), newest first.
    static func paths(_ store: LedgerStore) -> [(seq: Int, path: String)] {
        FileIO.numbered(in: store.snapshotsPath, prefix: "replay-", suffix: ".snapshot")
    }

    /// A snapshot's header, checked against its name and the log `bytes`: the snapshot
    /// stands for the log's lines 1…seq.
    struct Header {
        var seq: Int
        var hash: SHA256Digest
        var offset: Int
        /// Where each part starts in the file, its length and its seal.
        var events: (start: Int, length: Int, seal: SHA256Digest)
        var status: (start: Int, length: Int, seal: SHA256Digest)
    }

    /// Reads and checks the header of the snapshot at `path` (open as `fd`).
    static func header(fd: Int32, path: String, seq expected: Int, log bytes: UnsafeBufferPointer<UInt8>) -> Result<Header, Rejection> {
        func reject(_ why: String, mismatch: Bool = true) -> Result<Header, Rejection> {
            .failure(Rejection(why: why, mismatch: mismatch))
        }
        let first: [UInt8]
        do {
            first = try FileIO.read(fd: fd, offset: 0, count: 4096, path: path)
        } catch {
            return reject(error.message, mismatch: false)
        }
        guard let newline = first.firstIndex(of: 0x0A), let header = try? JSONReader.parse(first[..<newline]),
              header["kind"]?.stringValue == "replay" else {
            return reject("not a replay snapshot (no header line of kind \"replay\")")
        }
        guard let format = header["format"]?.int64Value, format == Int64(self.format) else {
            return reject("unknown format \(header["format"].map { String(decoding: JSONWriter.encode($0), as: UTF8.self) } ?? "(none)") (this version reads format \(self.format))",
                          mismatch: false)
        }
        func int(_ key: String) -> Int? { header[key]?.int64Value.map(Int.init) }
        func digest(_ key: String) -> SHA256Digest? { header[key]?.stringValue.flatMap(SHA256Digest.init(hex:)) }
        guard let seq = int("seq"), let hash = digest("hash"), let offset = int("offset"),
              let length = int("length"), let seal = digest("sha256"),
              let statusLength = int("statusLength"), let statusSeal = digest("statusSha256"),
              offset >= 1, length >= 0, statusLength >= 0 else {
            return reject("its header lacks seq, hash, offset, length, sha256, statusLength or statusSha256")
        }
        guard seq == expected else { return reject("its header says seq \(seq), its name seq \(expected)") }
        guard offset <= bytes.count else {
            return reject("the log ends before it (line \(seq) would end at byte \(offset), the log has \(bytes.count) bytes)",
                          mismatch: false)
        }
        // The line that ends at `offset` must be the one the snapshot names.
        guard line(endingAt: offset, hashesTo: hash, in: bytes) else {
            return reject("it does not match the log (no line ending at byte \(offset) is its line \(seq): the log was rewritten, or the snapshot is from another ledger)")
        }
        let body = FileIO.size(fd: fd) - (newline + 1)
        guard body == length + statusLength else {
            return reject("cut short or overlong (\(body) body bytes, the header says \(length + statusLength))")
        }
        return .success(Header(seq: seq, hash: hash, offset: offset, events: (newline + 1, length, seal),
                               status: (newline + 1 + length, statusLength, statusSeal)))
    }

    /// Reads one part of a snapshot and checks its seal.
    static func part(fd: Int32, path: String, _ part: (start: Int, length: Int, seal: SHA256Digest), name: String) -> Result<[UInt8], Rejection> {
        switch read(fd: fd, path: path, part, name: name) {
        case .success(let bytes):
            guard seal(bytes[...]) == part.seal else {
                return .failure(Rejection(why: "its \(name) part is damaged or was changed (its SHA-256 is not the one its header records)", mismatch: true))
            }
            return .success(bytes)
        case .failure(let rejection):
            return .failure(rejection)
        }
    }

    /// Reads one part of a snapshot, all of it.
    static func read(fd: Int32, path: String, _ part: (start: Int, length: Int, seal: SHA256Digest), name: String) -> Result<[UInt8], Rejection> {
        // Read straight into the array, on 2 MB pages where the kernel offers them: tens of
        // megabytes zeroed and faulted in 4 KB at a time cost more than reading them.
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: part.length) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            HugePages.advise(UnsafeMutableRawPointer(base), bytes: part.length)
            while count < part.length {
                let n = pread(fd, base + count, part.length - count, off_t(part.start + count))
                if n > 0 { count += n } else if n < 0 && errno == EINTR { continue } else { failure = n < 0 ? errno : 0; return }
            }
        }
        if failure != 0 {
            return .failure(Rejection(why: FileIO.ioError("read", path, failure).message, mismatch: false))
        }
        guard bytes.count == part.length else {
            return .failure(Rejection(why: "cut short (its \(name) part has \(bytes.count) of \(part.length) bytes)", mismatch: true))
        }
        return .success(bytes)
    }

    /// The snapshot's facts, when it is a prefix of the log `bytes` (the snapshot's own
    /// faults are a `Rejection`).
    static func check(_ path: String, seq expected: Int, log bytes: UnsafeBufferPointer<UInt8>) -> Result<(log: FactLog, head: Head, offset: Int), Rejection> {
        let fd: Int32
        do {
            fd = try FileIO.open(path, O_RDONLY)
        } catch {
            return .failure(Rejection(why: error.message, mismatch: false))
        }
        defer { close(fd) }
        let header: Header
        switch self.header(fd: fd, path: path, seq: expected, log: bytes) {
        case .success(let h): header = h
        case .failure(let rejection): return .failure(rejection)
        }
        let body: [UInt8]
        switch part(fd: fd, path: path, header.events, name: "events") {
        case .success(let b): body = b
        case .failure(let rejection): return .failure(rejection)
        }
        guard let log = FactLog.decoded(body[...], count: header.seq) else {
            return .failure(Rejection(why: "its body does not decode to events 1…\(header.seq)", mismatch: true))
        }
        return .success((log, Head(seq: header.seq, hash: header.hash), header.offset))
    }

    /// The status part of the newest snapshot, decoded by `decode`, and the head it stands
    /// for, when that snapshot is at the head of the log (no complete line after it) and the
    /// part checks out; nil otherwise (the caller then replays, and `load` says what was wrong
    /// with the snapshot's header or events, if anything).
    ///
    /// The part is decoded while its seal is computed on the other cores, and used only if
    /// the seal matches: `decode` must be safe on any bytes (it checks everything it reads).
    /// - Parameters:
    ///   - warn: receives `ignoring the status part of Snapshots/replay-N.snapshot: why` when
    ///     the snapshot is at the head but its status part is damaged or does not decode.
    ///   - decode: the part's reader; nil when the bytes are not a well-formed part.
    package static func statusPart<T>(_ store: LedgerStore, warn: (String) -> Void,
                                      decode: (PinnedBytes) -> T?) -> (value: T, head: Head)? {
        guard let (seq, path) = paths(store).first, FileIO.exists(store.logPath),
              let file = try? MappedFile(path: store.logPath) else { return nil }
        let log = file.bytes
        guard let fd = try? FileIO.open(path, O_RDONLY) else { return nil }
        defer { close(fd) }
        guard case .success(let header) = self.header(fd: fd, path: path, seq: seq, log: log) else { return nil }
        // At the head: no complete line after the snapshot's (a torn tail is no line).
        guard !UnsafeBufferPointer(rebasing: log[header.offset...]).contains(0x0A) else { return nil }
        func ignore(_ why: String) -> (value: T, head: Head)? {
            warn("ignoring the status part of \(name(seq: seq)): \(why)")
            return nil
        }
        // Mapped, not read: the part is read in place, with no copy and no fresh pages to
        // zero (those were most of the time before the first row). Snapshots are written
        // whole and renamed into place, never changed in place, so the mapping stays valid.
        let mapped: MappedFile
        do {
            mapped = try MappedFile(fd: fd, path: path)
        } catch {
            return ignore(error.message)
        }
        let part = header.status
        guard part.start + part.length <= mapped.bytes.count else {
            return ignore("cut short (its status part has \(max(0, mapped.bytes.count - part.start)) of \(part.length) bytes)")
        }
        let bytes = PinnedBytes(file: mapped, range: part.start..<part.start + part.length)
        nonisolated(unsafe) let raw = bytes.raw
        let sealed = Background { seal(raw) }
        let value = decode(bytes)
        guard sealed.wait() == header.status.seal else {
            return ignore("its status part is damaged or was changed (its SHA-256 is not the one its header records)")
        }
        guard let value else { return ignore("it does not decode") }
        return (value, Head(seq: header.seq, hash: header.hash))
    }

    // MARK: - Writing

    /// Writes a snapshot of the log's complete lines at its head — through a temporary file
    /// renamed into place — creating `Snapshots/` if needed, then keeps only the `kept` newest
    /// replay snapshots and removes those found not to match the log. Takes no lock.
    /// - Parameter warn: receives one line per snapshot ignored or removed.
    /// - Returns: the head, and the snapshot's path relative to the ledger.
    /// - Throws: `.noLedger` (66); `.io` (74); `.badData` (65) for a log with no complete line
    ///   or a line that is not a valid stored event.
    /// - Parameter status: the status part, from the log's complete lines (it may take the log).
    public static func write(_ store: LedgerStore, warn: (String) -> Void,
                             status: (inout Loaded) -> [UInt8]) throws(LedgerError) -> (head: Head, name: String) {
        var mismatched: [String] = []
        var loaded = try load(store, limit: nil, warn: warn) { path, rejection in
            if rejection.mismatch { mismatched.append(path) }
        }
        guard loaded.head.seq >= 1 else {
            throw LedgerError(.badData, "\(LedgerStore.logName) holds no complete line: nothing to snapshot",
                              hint: "run 'memberships verify'")
        }
        let body = loaded.log.encoded()
        let statusBody = status(&loaded)
        let header = JSONValue.object([
            JSONMember("format", .number(String(format))),
            JSONMember("kind", .string("replay")),
            JSONMember("seq", .number(String(loaded.head.seq))),
            JSONMember("hash", .string(loaded.head.hash.hex)),
            JSONMember("offset", .number(String(loaded.offset))),
            JSONMember("length", .number(String(body.count))),
            JSONMember("sha256", .string(seal(body[...]).hex)),
            JSONMember("statusLength", .number(String(statusBody.count))),
            JSONMember("statusSha256", .string(seal(statusBody[...]).hex)),
        ])
        var out = JSONWriter.encode(header)
        out.append(0x0A)
        if !FileIO.isDirectory(store.snapshotsPath) {
            try FileIO.makeDirectory(store.snapshotsPath)
            try FileIO.syncDirectory(store.root)
        }
        let final = store.snapshotsPath + "/replay-\(loaded.head.seq).snapshot"
        try OutputFile.write([out, body, statusBody], to: final)

        // A cache: removal failures are ignored.
        for path in mismatched where path != final {
            if unlink(path) == 0 { warn("removed \(relative(path)): it does not match the log") }
        }
        for old in paths(store).dropFirst(kept) where old.path != final { unlink(old.path) }
        return (loaded.head, name(seq: loaded.head.seq))
    }

    /// Bytes per piece of `seal`.
    static let sealPiece = 1 << 20

    /// A body's seal: the SHA-256 of the SHA-256s of its successive `sealPiece`-byte pieces
    /// (the last one shorter; none for an empty body), the pieces hashed in parallel, eight
    /// at a time side by side where the processor does that faster (`SHA256.Batch`).
    static func seal(_ body: ArraySlice<UInt8>) -> SHA256Digest {
        body.withUnsafeBytes { seal($0) }
    }

    /// The seal of the bytes at `raw` (see `seal(_:)`).
    static func seal(_ raw: UnsafeRawBufferPointer) -> SHA256Digest {
        let count = (raw.count + sealPiece - 1) / sealPiece
        let group = SHA256.Batch.fastest.width
        var digests = [SHA256Digest](repeating: .zero, count: count)
        nonisolated(unsafe) let raw = raw
        digests.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: (count + group - 1) / group) { g in
                let pieces = (g * group)..<min(count, (g + 1) * group)
                let ranges = pieces.map { k in (k * sealPiece)..<min(raw.count, (k + 1) * sealPiece) }
                for (k, digest) in zip(pieces, SHA256.hash(raw, ranges: ranges)) { out[k] = digest }
            }
        }
        var outer = SHA256()
        for digest in digests { outer.update(digest.bytes) }
        return outer.finalize()
    }

    /// `Snapshots/<file>` for a path in the snapshots folder.
    private static func relative(_ path: String) -> String {
        "Snapshots/" + (path.split(separator: "/").last.map(String.init) ?? path)
    }
}
