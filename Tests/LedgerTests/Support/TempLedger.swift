import Foundation
@testable import Ledger

/// A throwaway ledger in a temporary directory, for store tests.
final class TempLedger {
    let root: String
    let store: LedgerStore
    var warnings: [String] = []
    /// A fixed clock, one second per append, so results do not depend on the wall clock.
    var clock = Timestamp(seconds: 1_767_225_600)  // 2026-01-01T00:00:00Z

    /// - Parameter cacheInterval: tail lines before the writer's cache is written again (nil: the default).
    init(name: String = "test ledger", cacheInterval: Int? = nil) throws {
        root = NSTemporaryDirectory() + "ledger-test-" + UUID().uuidString
        var store = LedgerStore(root: root)
        store.cacheInterval = cacheInterval
        self.store = store
        _ = try LedgerStore.create(at: root, name: name, by: nil, now: clock)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    var logBytes: [UInt8] { (try? FileIO.readAll(store.logPath)) ?? [] }

    /// Appends JSON lines (one event per line).
    @discardableResult
    func append(_ lines: String, expectSeq: Int? = nil, by: String? = nil) throws(LedgerError) -> LedgerStore.AppendReport {
        clock = Timestamp(seconds: clock.seconds + 1)
        let inputs = try InputEvents.parse(Array(lines.utf8), file: "input.jsonl")
        return try store.append(inputs, expectSeq: expectSeq, by: by, now: clock) { self.warnings.append($0) }
    }

    /// Appends, expecting a rejection; returns the error and checks nothing was written.
    func reject(_ lines: String) -> LedgerError? {
        let before = logBytes
        do {
            try append(lines)
            return nil
        } catch {
            return logBytes == before ? error : LedgerError(.io, "LOG CHANGED after rejection: \(error)")
        }
    }
}

/// A small registry most tests start from: two members, three networks, one policy.
let basics = """
{"id":"m-paris","type":"member","member":"paris","name":"Paris","kind":"city","country":"FR"}
{"id":"m-lyon","type":"member","member":"lyon","name":"Lyon","kind":"city"}
{"id":"n-c40","type":"network","network":"c40","name":"C40","kind":"network"}
{"id":"n-compact","type":"network","network":"compact","name":"Compact of Mayors","kind":"pact"}
{"id":"n-gcom","type":"network","network":"gcom","name":"Global Covenant","kind":"pact"}
"""
