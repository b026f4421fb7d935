#if canImport(Glibc)
import Glibc
#endif

/// The git merge driver's work (SPEC §10 "Sharing over git"): merges two logs that grew
/// from a common BASE, ours first, deterministically.
///
/// 1. OURS and THEIRS must each start with BASE's complete lines, byte for byte.
/// 2. THEIRS added nothing: OURS stands. OURS added nothing: the result is THEIRS.
/// 3. Otherwise THEIRS's new events are appended after OURS's as one batch, by the store's
///    own `append` on a temporary copy of OURS: content unchanged, `seq`, `prev` and
///    `recorded` set by the writer; an id OURS holds with the same content is skipped.
///    Each appended event's `recorded` is the greater of the log's last `recorded` and its
///    own `recorded` in THEIRS, never the clock, so the same inputs give the same bytes.
///
/// Every refusal is a `LedgerError` of kind `.conflict` naming `OURS:LINE` or `THEIRS:LINE`.
public enum LogMerge {
    /// How the result came about.
    public enum Outcome: Sendable, Equatable {
        /// THEIRS added nothing (or only events OURS holds): OURS is the result.
        case oursStands
        /// OURS added nothing: THEIRS is the result, byte for byte.
        case theirs
        /// THEIRS's new events were appended after OURS's.
        case merged
    }

    /// The merged log.
    public struct Result: Sendable {
        public var bytes: [UInt8]
        public var head: Head?
        public var outcome: Outcome
        /// THEIRS's new events appended, and those skipped because OURS already holds them.
        public var appended: Int
        public var skipped: Int
    }

    /// Names used in messages for the three versions.
    public static let baseName = "BASE", oursName = "OURS", theirsName = "THEIRS"

    /// Merges OURS and THEIRS, both grown from BASE.
    /// - Throws: `.conflict` naming the line at fault; `.io` when the temporary ledger fails.
    public static func merge(base: [UInt8], ours: [UInt8], theirs: [UInt8]) throws(LedgerError) -> Result {
        // BASE's complete lines (a torn tail of BASE was never acknowledged).
        let baseEnd = base.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        try requirePrefix(base, count: baseEnd, of: ours, name: oursName)
        try requirePrefix(base, count: baseEnd, of: theirs, name: theirsName)
        // Complete lines each end with the one line feed.
        let baseLines = lineFeeds(base, count: baseEnd)

        let theirsNew = Array(theirs[baseEnd...])
        if theirsNew.isEmpty {
            return Result(bytes: ours, head: head(of: ours), outcome: .oursStands, appended: 0, skipped: 0)
        }
        if ours.count == baseEnd {
            return Result(bytes: theirs, head: head(of: theirs), outcome: .theirs, appended: 0, skipped: 0)
        }
        if ours.last != 0x0A {
            let count = LogLines.split(ours).count
            throw LedgerError(.conflict, "the last line is torn (no line end): it was never acknowledged",
                              file: oursName, line: count, hint: "run 'memberships repair' on that copy first")
        }

        // THEIRS's new lines as inputs to append: content as stored, the writer sets the rest.
        var inputs: [LedgerStore.Input] = []
        for line in LogLines.split(theirsNew) {
            let number = baseLines + line.number
            guard line.terminated else {
                throw LedgerError(.conflict, "the last line is torn (no line end): it was never acknowledged",
                                  file: theirsName, line: number)
            }
            var event: Event
            do throws(EventError) {
                event = try EventDecoder.decodeLine(Array(theirsNew[line.range]), mode: .stored)
            } catch {
                throw LedgerError(.conflict, error.message, file: theirsName, line: number)
            }
            let recorded = event.recorded
            event.seq = 0
            event.recorded = nil
            event.prev = nil
            inputs.append(LedgerStore.Input(event: event, file: theirsName, line: number, recorded: recorded))
        }

        let scratch = try TemporaryLedger(ours)
        defer { scratch.remove() }
        let report: LedgerStore.AppendReport
        do {
            // `now` is never used: every input carries its own `recorded`.
            report = try scratch.store.append(inputs, now: Timestamp(seconds: 0), warn: { _ in })
        } catch {
            switch error.kind {
            case .badData, .conflict:
                var conflict = error
                conflict.kind = .conflict
                if conflict.file == nil { conflict.file = theirsName }
                throw conflict
            default:
                throw error
            }
        }
        let bytes = try FileIO.readAll(scratch.store.logPath)
        return Result(bytes: bytes, head: report.head, outcome: report.appended.isEmpty ? .oursStands : .merged,
                      appended: report.appended.count, skipped: report.existing.count)
    }

    /// Writes the result over `path`: a temporary file beside it, synced, renamed over it,
    /// then its directory synced. A reader sees the old file or the new one.
    public static func write(_ bytes: [UInt8], to path: String) throws(LedgerError) {
        let temporary = path + ".merging-\(getpid())"
        try FileIO.writeNewFile(temporary, bytes, exclusive: false)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileIO.ioError("write", path, code)
        }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        try FileIO.syncDirectory(directory.isEmpty ? "/" : directory)
    }

    /// The head of a log: its last complete line's seq (as stored, else its line number) and hash.
    public static func head(of bytes: [UInt8]) -> Head? {
        guard let last = LogLines.split(bytes).last(where: { $0.terminated }) else { return nil }
        let line = Array(bytes[last.range])
        let seq = (try? EventDecoder.decodeLine(line, mode: .stored))?.seq ?? last.number
        return Head(seq: seq, hash: SHA256.hash(line))
    }

    /// Whether `side` starts with the first `count` bytes of `base`.
    static func startsWith(_ side: [UInt8], _ base: [UInt8], count: Int) -> Bool {
        guard count > 0 else { return true }
        guard side.count >= count else { return false }
        return side.withUnsafeBytes { s in base.withUnsafeBytes { b in memcmp(s.baseAddress!, b.baseAddress!, count) == 0 } }
    }

    /// How many line feeds the first `count` bytes of `bytes` hold.
    static func lineFeeds(_ bytes: [UInt8], count: Int) -> Int {
        bytes.withUnsafeBytes { buffer in
            guard let start = buffer.baseAddress, count > 0 else { return 0 }
            var found = 0, at = 0
            while at < count, let hit = memchr(start + at, 0x0A, count - at) {
                found += 1
                at = start.distance(to: UnsafeRawPointer(hit)) + 1
            }
            return found
        }
    }

    /// Fails unless `side` starts with the first `count` bytes of `base`, naming the first
    /// line that differs. Compared in place (a log is hundreds of megabytes); only a side
    /// that differs has its lines compared.
    static func requirePrefix(_ base: [UInt8], count: Int, of side: [UInt8], name: String) throws(LedgerError) {
        if startsWith(side, base, count: count) { return }
        let prefix = Array(base[..<count])
        let wanted = LogLines.split(prefix), have = LogLines.split(side)
        var number = 1
        for (a, b) in zip(wanted, have) {
            if prefix[a.range] != side[b.range] || a.terminated != b.terminated
                || (a.range.count != b.range.count) { break }
            // The same text ended differently (`\r\n` against `\n`) differs too.
            let aEnd = a.range.upperBound < prefix.count ? prefix[a.range.upperBound] : 0
            let bEnd = b.range.upperBound < side.count ? side[b.range.upperBound] : 0
            if aEnd != bEnd { break }
            number += 1
        }
        let what = number > have.count
            ? "\(name) ends before \(baseName)'s line \(number)"
            : "line \(number) differs from \(baseName)'s line \(number)"
        throw LedgerError(.conflict, "\(what): one side rewrote history, so the logs cannot be merged",
                          file: name, line: number,
                          hint: "a log only grows; merge by hand, or keep one side ('git checkout --ours' / '--theirs')")
    }
}

/// A ledger directory under `$TMPDIR` (or `/tmp`) holding a copy of a log, removed after use.
struct TemporaryLedger {
    let store: LedgerStore

    init(_ log: [UInt8]) throws(LedgerError) {
        let base = FileIO.temporaryDirectory
        var template = Array((base.hasSuffix("/") ? base : base + "/").utf8CString.dropLast())
        template += Array("memberships-merge-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let result = mkdtemp(buffer.baseAddress!) else { return nil }
            return String(cString: result)
        }
        guard let made else { throw FileIO.ioError("create a temporary ledger in", base) }
        store = LedgerStore(root: made)
        do {
            try FileIO.makeDirectory(made + "/Events")
            try FileIO.makeDirectory(store.snapshotsPath)
            try FileIO.writeNewFile(store.logPath, log, exclusive: true)
        } catch {
            remove()
            throw error
        }
    }

    /// Removes the folder and what the store wrote in it (the log, caches, a torn tail).
    func remove() {
        for folder in [store.root + "/Events", store.snapshotsPath] {
            for name in FileIO.names(in: folder) { unlink(folder + "/" + name) }
            rmdir(folder)
        }
        rmdir(store.root)
    }
}
