import Foundation
import Testing
@testable import Ledger

/// The writer's snapshot of its validation state: used when it matches the log,
/// ignored when it does not, and results identical either way.
@Suite("Writer snapshots", .serialized)
struct IndexCacheTests {
    func stateFromScratch(_ l: TempLedger) throws -> LedgerIndex {
        let fd = try FileIO.open(l.store.logPath, O_RDONLY)
        defer { close(fd) }
        return try IndexCache.rebuild(store: l.store, fd: fd, size: FileIO.size(fd: fd)).validator.index
    }

    func stateFromCache(_ l: TempLedger) throws -> WriterState {
        let fd = try FileIO.open(l.store.logPath, O_RDONLY)
        return try IndexCache.load(store: l.store, fd: fd)
    }

    func fill(_ l: TempLedger) throws {
        try l.append(basics)
        var lines: [String] = [#"{"type":"signature","member":"paris","network":"compact","date":"2014"}"#]
        for i in 1...300 {
            lines.append(#"{"id":"a\#(i)","type":"activity","member":"lyon","date":"2016","title":"t\#(i)"}"#)
        }
        try l.append(lines.joined(separator: "\n"))
    }

    @Test("a snapshot is written once the tail is long, and resuming from it equals a full rebuild")
    func resume() throws {
        let l = try TempLedger()
        try fill(l)
        let snapshots = IndexCache.snapshotPaths(l.store)
        #expect(snapshots.count == 1)
        try l.append(#"{"type":"milestone","member":"paris","network":"compact","date":"2015","milestone":"plan"}"#)
        let resumed = try stateFromCache(l)
        #expect(resumed.tailLines == 1, "only the line after the snapshot is read")
        let scratch = try stateFromScratch(l)
        #expect(resumed.validator.index.ids == scratch.ids)
        #expect(resumed.validator.index.members == scratch.members)
        #expect(resumed.validator.index.marks == scratch.marks)
        #expect(resumed.validator.index.allEndings == scratch.allEndings)
        #expect(resumed.head.seq == 308)
    }

    @Test("a snapshot that does not match the log is ignored, never trusted")
    func mismatch() throws {
        let l = try TempLedger()
        try fill(l)
        let path = try #require(IndexCache.snapshotPaths(l.store).first)
        // Corrupt the state: change one byte of the body (its digest no longer matches).
        var bytes = try FileIO.readAll(path)
        bytes[bytes.count - 5] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try stateFromCache(l).tailLines == 307, "rebuilt from the whole log")
        // A snapshot of another log (hash differs) is ignored too.
        let other = try TempLedger()
        try fill(other)
        let foreign = try #require(IndexCache.snapshotPaths(other.store).first)
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: foreign, toPath: path)
        // Same seq and size, but the other ledger's genesis id differs, so the hash does.
        #expect(try stateFromCache(l).tailLines == 307)
    }
}
