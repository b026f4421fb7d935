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

    @Test("amendments after the snapshot are checked from it, reading earlier lines back, without a rebuild")
    func amendmentsInTheTail() throws {
        let l = try TempLedger()
        try fill(l)
        #expect(IndexCache.snapshotPaths(l.store).count == 1)
        try l.append(#"{"type":"correction","target":"a5","set":{"title":"fixed"},"reason":"typo"}"#)
        try l.append(#"{"type":"retraction","target":"a6","reason":"duplicate"}"#)
        try l.append(#"{"id":"inv","type":"milestone","member":"paris","network":"compact","date":"2015","milestone":"inventory"}"#)
        // The start, recorded before the snapshot, cannot move after the milestone recorded after it.
        let error = l.reject(#"{"type":"correction","target":"\#(try startID(l))","set":{"date":"2016"},"reason":"r"}"#)
        #expect(error?.message.contains("line 310 ('inv', a milestone) would break a rule") == true, "\(String(describing: error))")
        #expect(l.reject(#"{"type":"correction","target":"a6","set":{"title":"x"},"reason":"r"}"#)?.message.contains("was retracted") == true)
        let resumed = try stateFromCache(l)
        #expect(resumed.tailLines == 3, "the tail is folded, amendments included, not the whole log")
        let scratch = try stateFromScratch(l)
        #expect(resumed.validator.index.ids == scratch.ids)
        #expect(resumed.validator.index.marks == scratch.marks)
        #expect(resumed.validator.index.corrections == scratch.corrections)
        #expect(resumed.validator.index.memberReferences == scratch.memberReferences)
        #expect(resumed.validator.index.lastRecorded == scratch.lastRecorded)
    }

    func startID(_ l: TempLedger) throws -> String {
        try LogReader.events(in: l.logBytes, file: "x").events.first { $0.type == .signature }!.id.rawValue
    }

    @Test("idempotency through the snapshot compares the stored line, every field the client sent")
    func idempotencyFromTheSnapshot() throws {
        let l = try TempLedger()
        try fill(l)
        let before = l.logBytes
        let again = try l.append(#"{"id":"a7","type":"activity","member":"lyon","date":"2016","title":"t7"}"#)
        #expect(again.existing.map(\.seq) == [14] && again.appended.isEmpty)
        #expect(l.logBytes == before)
        #expect(l.reject(#"{"id":"a7","type":"activity","member":"lyon","date":"2016","title":"t7","by":"me"}"#)?.kind == .conflict)
        #expect(l.reject(#"{"id":"a7","type":"activity","member":"lyon","date":"2016","title":"t8"}"#)?.kind == .conflict)
    }

    /// The snapshot's header and body, with a changed header field or body and the checksum
    /// recomputed (or not).
    func rewrite(_ path: String, recompute: Bool, change: (inout [JSONMember], inout [UInt8]) -> Void) throws {
        let bytes = try FileIO.readAll(path)
        let newline = bytes.firstIndex(of: 0x0A)!
        guard case .object(var members) = try JSONReader.parse(bytes[..<newline]) else { return }
        var body = Array(bytes[(newline + 1)...])
        let sum = members.removeLast()
        change(&members, &body)
        let checksum = recompute ? JSONMember("checksum", .string(IndexCache.checksum(members, body[...]))) : sum
        try Data(JSONWriter.encode(.object(members + [checksum])) + [0x0A] + body).write(to: URL(fileURLWithPath: path))
    }

    @Test("every header field is under the checksum")
    func headerUnderChecksum() throws {
        let l = try TempLedger()
        try fill(l)
        let path = try #require(IndexCache.snapshotPaths(l.store).first)
        #expect(try stateFromCache(l).tailLines == 0)
        let original = try FileIO.readAll(path)
        for field in ["ids", "index", "kind"] {
            try rewrite(path, recompute: false) { members, _ in
                let i = members.firstIndex { $0.key == field }!
                members[i].value = field == "kind" ? .string("other") : .number("1")
            }
            #expect(try stateFromCache(l).tailLines == 307, "a changed '\(field)' is noticed")
            try Data(original).write(to: URL(fileURLWithPath: path))
        }
    }

    @Test("a snapshot that names the wrong line for an id cannot make a repeat look like the stored event")
    func misplacedLine() throws {
        let l = try TempLedger()
        try fill(l)
        let path = try #require(IndexCache.snapshotPaths(l.store).first)
        // Move the boundary between lines 13 and 14 (a7's line) by 5 bytes, checksum
        // recomputed: line 14 would then start inside itself.
        try rewrite(path, recompute: true) { members, body in
            let indexLength = Int(members.first { $0.key == "index" }!.value.int64Value!)
            var input = ByteReader(body[indexLength...])
            var lengths: [UInt64] = []
            while !input.atEnd { lengths.append(input.varint()!) }
            lengths[12] += 5
            lengths[13] -= 5
            var out = ByteWriter()
            for length in lengths { out.varint(length) }
            body = Array(body[..<indexLength]) + out.bytes
        }
        let before = l.logBytes
        let error = l.reject(#"{"id":"a7","type":"activity","member":"lyon","date":"2016","title":"t7"}"#)
        #expect(error?.kind == .badData && error?.message.contains("not where the writer's snapshot says") == true,
                "\(String(describing: error))")
        #expect(l.logBytes == before)
    }
}
