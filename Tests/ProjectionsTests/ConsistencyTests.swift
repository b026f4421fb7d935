import Foundation
import Testing
@testable import Ledger
@testable import Projections

/// The kernel and the views must agree on random valid ledgers: what the validator admits,
/// `verify` accepts and the fold attaches; the writer's snapshot restores the same state.
@Suite("Kernel and views agree")
struct ConsistencyTests {
    static let seeds: [UInt64] = Array(1...30)

    func log(_ ledger: TestLedger) -> [UInt8] {
        ledger.events.flatMap { EventEncoder.line($0) + [0x0A] }
    }

    @Test("a log built by the validator verifies, line by line, amendments included", arguments: seeds)
    func verifies(seed: UInt64) throws {
        let ledger = try RandomLedger.make(seed: seed)
        let report = Verifier.verify(bytes: log(ledger))
        #expect(report.problems == [], "seed \(seed)")
        #expect(report.events == ledger.events.count)
    }

    @Test("every life event the validator admits belongs to a commitment in the views", arguments: seeds)
    func lifeEventsAttach(seed: UInt64) throws {
        let ledger = try RandomLedger.make(seed: seed)
        let replay = Replay(events: ledger.events, knownAt: nil)
        var attached: Set<EventID> = []
        for commitment in replay.book(asOf: AuditTrail.farFuture, tracking: true).commitments {
            attached.formUnion(commitment.events.map { ledger.events[Int($0)].id })
        }
        let life: Set<EventType> = [.milestone, .recognition, .suspension, .reinstatement, .withdrawal]
        for event in Amendments.effective(ledger.events) where life.contains(event.type) {
            #expect(attached.contains(event.id), "seed \(seed): \(event.id) (\(event.type), \(event.date!)) is in no commitment")
        }
    }

    @Test("the writer's cache, built from the log, restores exactly the validation state", arguments: seeds)
    func snapshotRoundTrip(seed: UInt64) throws {
        let ledger = try RandomLedger.make(seed: seed)
        var validator = Validator()
        for event in ledger.events { try validator.admit(event) }
        let index = validator.index
        let root = NSTemporaryDirectory() + "consistency-\(seed)-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/Events", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/Snapshots", withIntermediateDirectories: true)
        let store = LedgerStore(root: root)
        try Data(log(ledger)).write(to: URL(fileURLWithPath: store.logPath))
        let fd = try FileIO.open(store.logPath, O_RDONLY)
        defer { close(fd) }
        let restored = try IndexCache.rebuild(store: store, fd: fd, size: FileIO.size(fd: fd)).validator.index
        #expect(restored.allEntries() == index.ids.dictionary)
        #expect(restored.members == index.members)
        #expect(restored.networks == index.networks)
        #expect(restored.marks == index.marks)
        #expect(restored.allEndings == index.allEndings)
        #expect(restored.memberReferences == index.memberReferences)
        #expect(restored.networkReferences == index.networkReferences)
        #expect(restored.corrections == index.corrections)
    }
}
