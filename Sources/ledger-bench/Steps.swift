// Every call ledger-bench makes into the library is in this file, and only this file
// imports `Ledger` and `Projections`: when the library's API changes, this is the one
// file to adapt. Each step is the same public call the `memberships` command makes
// (Sources/MembershipsCLI/Commands/*.swift), so `run` times what the CLI does, minus
// process start-up and output rendering.
import Foundation
import Ledger
import Projections

/// The library's work, step by step, as `run` times it.
enum Steps {
    /// The as-of day every timed view uses (also `compare`'s `--as-of`).
    static let asOf = "2020-06-30"

    /// Lowercase hex SHA-256 of a line: the `prev` of the next line (SPEC §2).
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(bytes).hex
    }

    /// Runs a library call, turning its error into a bench failure.
    private static func library<T>(_ body: () throws(LedgerError) -> T) throws(BenchError) -> T {
        do {
            return try body()
        } catch {
            throw BenchError("library: \(error.description)")
        }
    }

    private static func day(_ text: String) throws(BenchError) -> Day {
        do {
            return try EDTFDate.parseAsOf(text)
        } catch {
            throw BenchError("bad as-of day '\(text)': \(error.message)")
        }
    }

    // MARK: - Reading

    /// The decoded log, kept between steps: the log mapped and decoded into facts, as the
    /// views read it.
    struct Decoded {
        fileprivate let log: FactLog
        fileprivate let file: MappedFile
        var count: Int { log.facts.count }
    }

    /// Read + decode every line into the compact form the views replay (what every view
    /// starts with; the whole log, ignoring any snapshot).
    static func decode(ledger: String) throws(BenchError) -> Decoded {
        let store = LedgerStore(root: ledger)
        let file = try library { () throws(LedgerError) in try MappedFile(path: store.logPath) }
        let (log, _) = try library { () throws(LedgerError) in
            try FactLog.decode(file.bytes, file: LedgerStore.logName, release: file)
        }
        return Decoded(log: log, file: file)
    }

    /// A few registered networks and members, for the network and member views.
    static func sampleNames(_ decoded: Decoded, count: Int) -> (networks: [String], members: [String]) {
        var networks: [String] = [], members: [String] = []
        for event in decoded.log.reference {
            if event.type == .network, let n = event.network { networks.append(n.rawValue) }
            if event.type == .member, let m = event.member { members.append(m.rawValue) }
        }
        func spread(_ names: [String]) -> [String] {
            guard names.count > count else { return names }
            return (0..<count).map { names[$0 * (names.count - 1) / max(1, count - 1)] }
        }
        return (spread(networks), spread(members))
    }

    // MARK: - Verifying

    /// `memberships verify`: chain, seq, schema and every rule. Returns the problems found
    /// (the first few) and the number of events.
    static func verify(ledger: String) throws(BenchError) -> (events: Int, problems: [String]) {
        let report = try library { () throws(LedgerError) in try Verifier.verify(LedgerStore(root: ledger)) }
        return (report.events, report.problems.prefix(5).map { "line \($0.line): \($0.message)" })
    }

    // MARK: - Replaying and the views

    /// The replayed log, kept between the views.
    struct Replayed {
        fileprivate let replay: Replay
    }

    /// The fold's preparation: corrections and retractions applied, dated events in §4 order.
    static func replay(_ decoded: Decoded) -> Replayed {
        Replayed(replay: Replay(log: decoded.log, source: LineSource(file: decoded.file, lineStarts: decoded.log.lineStarts ?? []),
                                knownAt: nil))
    }

    /// `status --as-of`: returns the number of rows.
    static func status(_ replayed: Replayed) throws(BenchError) -> Int {
        replayed.replay.status(asOf: try day(asOf), member: nil, network: nil).count
    }

    /// `timeline --as-of`: returns the number of rows.
    static func timeline(_ replayed: Replayed) throws(BenchError) -> Int {
        replayed.replay.timeline(asOf: try day(asOf), member: nil, network: nil, from: nil, to: nil).count
    }

    /// `network NAME --as-of` for each name: returns the number of views.
    static func networkViews(_ replayed: Replayed, _ names: [String]) throws(BenchError) -> Int {
        let q = try day(asOf)
        for name in names { _ = replayed.replay.network(NetworkID(name), asOf: q) }
        return names.count
    }

    /// `member NAME --as-of` for each name: returns the number of views.
    static func memberViews(_ replayed: Replayed, _ names: [String]) throws(BenchError) -> Int {
        let q = try day(asOf)
        for name in names { _ = replayed.replay.member(MemberID(name), asOf: q) }
        return names.count
    }

    // MARK: - Snapshots

    /// `memberships snapshot`: writes `Snapshots/replay-<seq>.snapshot`; returns its name.
    static func writeSnapshot(ledger: String) throws(BenchError) -> String {
        try library { () throws(LedgerError) in
            try FoldedStatus.writeSnapshot(LedgerStore(root: ledger)) { _ in }.name
        }
    }

    /// `memberships status --as-of` as the command does it with a snapshot at the head: the
    /// snapshot's folded status, the rows. Returns the number of rows.
    static func statusFromSnapshot(ledger: String) throws(BenchError) -> Int {
        let store = LedgerStore(root: ledger)
        guard let (folded, _) = FoldedStatus.atHead(store, warn: { _ in }) else { throw BenchError("no snapshot at the head, or its status part does not check out") }
        return Array(folded.statusRows(asOf: try day(asOf), member: nil, network: nil)).count
    }

    /// `memberships status --as-of --known-at …` with a snapshot: the newest matching replay
    /// snapshot plus the lines after it, the replay, the rows. Returns the number of rows.
    static func statusFromSnapshotEvents(ledger: String) throws(BenchError) -> Int {
        let store = LedgerStore(root: ledger)
        var warnings: [String] = []
        let loaded = try library { () throws(LedgerError) in
            try store.loadForViews(knownAtSeq: nil) { warnings.append($0) }
        }
        if let warning = warnings.first { throw BenchError("snapshot not used: \(warning)") }
        return Replay(log: loaded.log, source: loaded.source, knownAt: nil)
            .status(asOf: try day(asOf), member: nil, network: nil).count
    }

    // MARK: - Proofs

    /// The tree's cache file in `Snapshots/`, to delete before a "first prove".
    static let treeCacheName = "merkle-tree.cache"

    /// The id of the event on the middle line, for `prove`.
    static func middleEventID(ledger: String) throws(BenchError) -> String {
        let tree = try library { () throws(LedgerError) in try LogTree.load(LedgerStore(root: ledger)) }
        guard tree.size > 0, let id = (try? JSONReader.parse(tree.line(at: tree.size / 2)))?["id"]?.stringValue else {
            throw BenchError("no event id on line \(tree.size / 2 + 1)")
        }
        return id
    }

    /// The member and network of the first membership or signature after the middle of
    /// `log` (read from there, not decoded whole): what the one-member and one-network views
    /// are timed on. Nil when none is found in the 1 MiB after the middle.
    static func middleCommitment(log: String) -> (member: String, network: String)? {
        guard let handle = FileHandle(forReadingAtPath: log) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), (try? handle.seek(toOffset: size / 2)) != nil,
              let data = try? handle.read(upToCount: 1 << 20) else { return nil }
        for line in data.split(separator: 0x0A).dropFirst() {
            guard let event = try? JSONReader.parse(Array(line)),
                  let type = event["type"]?.stringValue, type == "membership" || type == "signature",
                  let member = event["member"]?.stringValue, let network = event["network"]?.stringValue else { continue }
            return (member, network)
        }
        return nil
    }

    /// `memberships prove --event ID`: the tree through its cache in `Snapshots/` (which it
    /// writes when missing), the event's line found by its id, its inclusion proof at the
    /// head. Returns the number of hashes in the proof.
    static func prove(ledger: String, id: String) throws(BenchError) -> Int {
        try library { () throws(LedgerError) in
            let tree = try LogTree.load(LedgerStore(root: ledger), cache: .use)
            guard let index = tree.index(of: EventID(id)) else { throw LedgerError(.badData, "unknown event \(id)") }
            return try tree.inclusionProof(index: index, size: tree.size).path.count
        }
    }

    // MARK: - Appending

    /// `memberships append --file F`: parse the input file, validate the batch against the
    /// ledger (through the writer's cache), write and sync it. Returns the events appended.
    static func append(ledger: String, file: String) throws(BenchError) -> Int {
        let store = LedgerStore(root: ledger)
        let bytes = try library { () throws(LedgerError) in try InputFile.read(file) }
        let inputs = try library { () throws(LedgerError) in try InputEvents.parse(bytes, file: file) }
        let report = try library { () throws(LedgerError) in
            try store.append(inputs, now: Timestamp.now()) { _ in }
        }
        return report.appended.count
    }

    /// The writer's cache files (`Snapshots/validation-*.snapshot`), to delete before a
    /// "first append with no cache".
    static let writerCachePrefix = "validation-"
    /// The views' snapshot files (`Snapshots/replay-*.snapshot`).
    static let replaySnapshotPrefix = "replay-"
    /// The log's path inside a ledger directory.
    static let logName = LedgerStore.logName
}
