import Foundation

/// Ledger directories on disk, for the steps that write: appends and snapshots run on a
/// copy in a temporary directory, never on the ledger being measured.
enum LedgerFiles {
    /// A new empty directory under the system's temporary directory.
    static func temporaryDirectory(_ label: String) throws(BenchError) -> String {
        var template = Array((NSTemporaryDirectory() + "/ledger-bench-\(label)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw BenchError("cannot create a temporary directory: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    /// Copies a ledger (`Events/ledger.jsonl` and the files of `Snapshots/` whose names start
    /// with one of `snapshots`) into `to`, which must not exist yet.
    static func copy(ledger from: String, to: String, snapshots: [String]) throws(BenchError) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: to + "/Events", withIntermediateDirectories: true)
            try fm.createDirectory(atPath: to + "/Snapshots", withIntermediateDirectories: true)
            try fm.copyItem(atPath: from + "/Events/ledger.jsonl", toPath: to + "/Events/ledger.jsonl")
            for name in try fm.contentsOfDirectory(atPath: from + "/Snapshots").sorted()
            where snapshots.contains(where: { name.hasPrefix($0) }) && name.hasSuffix(".snapshot") {
                try fm.copyItem(atPath: from + "/Snapshots/" + name, toPath: to + "/Snapshots/" + name)
            }
        } catch {
            throw BenchError("cannot copy the ledger \(from) to \(to): \(error.localizedDescription)")
        }
    }

    /// Removes `DIR/Snapshots/<prefix>*.snapshot`; returns how many.
    @discardableResult
    static func removeSnapshots(in ledger: String, prefix: String) -> Int {
        snapshots(in: ledger, prefix: prefix).filter { (try? FileManager.default.removeItem(atPath: $0)) != nil }.count
    }

    /// The paths of `DIR/Snapshots/<prefix>*.snapshot`.
    static func snapshots(in ledger: String, prefix: String) -> [String] {
        let dir = ledger + "/Snapshots"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".snapshot") }.sorted().map { dir + "/" + $0 }
    }

    /// Moves `from` to `to` when `from` exists (a rename: the file's pages stay cached).
    static func move(_ from: String, to: String) throws(BenchError) {
        guard exists(from) else { return }
        do {
            try FileManager.default.moveItem(atPath: from, toPath: to)
        } catch {
            throw BenchError("cannot move \(from) to \(to): \(error.localizedDescription)")
        }
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Lines in a file (a quick count of `\n`, for the header of a report).
    static func lineCount(_ path: String) -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
        defer { try? handle.close() }
        var count = 0
        while let chunk = try? handle.read(upToCount: 8 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { raw in
                for byte in raw where byte == 0x0A { count += 1 }
            }
        }
        return count
    }
}
