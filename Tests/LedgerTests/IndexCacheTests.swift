import Foundation
import Testing
@testable import Ledger

/// The writer's cache of its validation state: used when it matches the log, ignored when it
/// does not, and results identical either way.
@Suite("Writer snapshots", .serialized)
struct IndexCacheTests {
    func stateFromScratch(_ l: TempLedger) throws -> LedgerIndex {
        let fd = try FileIO.open(l.store.logPath, O_RDONLY)
        defer { close(fd) }
        return try IndexCache.foldInMemory(store: l.store, fd: fd, size: FileIO.size(fd: fd)).validator.index
    }

    func stateFromCache(_ l: TempLedger, whole: Bool = true) throws -> WriterState {
        let fd = try FileIO.open(l.store.logPath, O_RDONLY)
        return try IndexCache.load(store: l.store, fd: fd, batch: [], whole: whole)
    }

    func fill(_ l: TempLedger) throws {
        try l.append(basics)
        var lines: [String] = [#"{"type":"signature","member":"paris","network":"compact","date":"2014"}"#]
        for i in 1...300 {
            lines.append(#"{"id":"a\#(i)","type":"activity","member":"lyon","date":"2016","title":"t\#(i)"}"#)
        }
        try l.append(lines.joined(separator: "\n"))
    }

    func expectSameState(_ resumed: LedgerIndex, _ scratch: LedgerIndex, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(resumed.allEntries() == scratch.ids.dictionary, sourceLocation: sourceLocation)
        #expect(resumed.members == scratch.members, sourceLocation: sourceLocation)
        #expect(resumed.networks == scratch.networks, sourceLocation: sourceLocation)
        #expect(resumed.marks == scratch.marks, sourceLocation: sourceLocation)
        #expect(resumed.allEndings == scratch.allEndings, sourceLocation: sourceLocation)
        #expect(resumed.corrections == scratch.corrections, sourceLocation: sourceLocation)
        #expect(resumed.memberReferences == scratch.memberReferences, sourceLocation: sourceLocation)
        #expect(resumed.networkReferences == scratch.networkReferences, sourceLocation: sourceLocation)
        #expect(resumed.lastRecorded == scratch.lastRecorded, sourceLocation: sourceLocation)
    }

    @Test("the cache is written again once the tail is long, and resuming from it equals a full rebuild")
    func resume() throws {
        let l = try TempLedger()
        try fill(l)
        #expect(FileIO.exists(IndexCache.path(l.store)))
        #expect(try stateFromCache(l).tailLines == 0, "written at the head after the 301-line batch")
        try l.append(#"{"type":"milestone","member":"paris","network":"compact","date":"2015","milestone":"plan"}"#)
        let resumed = try stateFromCache(l)
        #expect(resumed.tailLines == 1, "only the line after the cache is read")
        #expect(resumed.head.seq == 308)
        expectSameState(resumed.validator.index, try stateFromScratch(l))
    }

    @Test("a cache that does not match the log is ignored, never trusted")
    func mismatch() throws {
        let l = try TempLedger()
        try fill(l)
        let path = IndexCache.path(l.store)
        // Damage one byte of the networks (read by every writer): it no longer matches its page's checksum.
        let cache = try #require(try? WriterCache.open(path: path).get())
        let offset = cache.extent(.networks).start + 2
        var bytes = try FileIO.readAll(path)
        bytes[offset] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let rebuilt = try stateFromCache(l)
        #expect(rebuilt.tailLines == 0 && rebuilt.cache?.header.seq == 307, "rebuilt from the whole log")
        #expect(try FileIO.readAll(path) != bytes, "and written again")
        // A cache of another log (the hash of its line 307 differs) is ignored too.
        let other = try TempLedger()
        try fill(other)
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: IndexCache.path(other.store), toPath: path)
        let foreign = try FileIO.readAll(path)
        let state = try stateFromCache(l)
        #expect(state.cache?.header.hash == state.head.hash && state.tailLines == 0)
        #expect(try FileIO.readAll(path) != foreign, "replaced by this log's")
        expectSameState(state.validator.index, try stateFromScratch(l))
    }

    @Test("amendments after the cache are checked from it, reading earlier lines back, without a rebuild")
    func amendmentsInTheTail() throws {
        let l = try TempLedger()
        try fill(l)
        let before = try #require(try? WriterCache.open(path: IndexCache.path(l.store)).get())
        #expect(before.header.seq == 307)
        try l.append(#"{"type":"correction","target":"a5","set":{"title":"fixed"},"reason":"typo"}"#)
        try l.append(#"{"type":"retraction","target":"a6","reason":"duplicate"}"#)
        // Each amendment is checked on the whole state, loaded from the cache, then the cache is
        // written again: the next writer's tail holds no amendment.
        #expect(try stateFromCache(l, whole: false).tailLines == 0)
        try l.append(#"{"id":"inv","type":"milestone","member":"paris","network":"compact","date":"2015","milestone":"inventory"}"#)
        // The start, recorded before the cache, cannot move after the milestone recorded after it.
        let error = l.reject(#"{"type":"correction","target":"\#(try startID(l))","set":{"date":"2016"},"reason":"r"}"#)
        #expect(error?.message.contains("line 310 ('inv', a milestone) would break a rule") == true, "\(String(describing: error))")
        #expect(l.reject(#"{"type":"correction","target":"a6","set":{"title":"x"},"reason":"r"}"#)?.message.contains("was retracted") == true)
        let resumed = try stateFromCache(l)
        #expect(resumed.tailLines == 1, "the tail is folded, not the whole log")
        expectSameState(resumed.validator.index, try stateFromScratch(l))
    }

    func startID(_ l: TempLedger) throws -> String {
        try LogReader.events(in: l.logBytes, file: "x").events.first { $0.type == .signature }!.id.rawValue
    }

    @Test("idempotency through the cache compares the stored line, every field the client sent")
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

    @Test("every header field is under the checksum")
    func headerUnderChecksum() throws {
        let l = try TempLedger()
        try fill(l)
        let path = IndexCache.path(l.store)
        #expect(try stateFromCache(l).tailLines == 0)
        let original = try FileIO.readAll(path)
        // One byte in each field of the header, and in its checksum.
        for offset in [0, 8, 12, 16, 24, 32, 40, 48, 79, 80, 88, 96, 104, 112, 120, 128, 136, 144, 152, 160, 359, 4000, 4088, 4095] {
            var bytes = original
            bytes[offset] ^= 0x04
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            guard case .failure = WriterCache.open(path: path) else {
                Issue.record("a changed byte \(offset) of the header is not noticed")
                continue
            }
            let rebuilt = try stateFromCache(l)
            #expect(rebuilt.cache?.header.seq == 307, "rebuilt after a changed byte \(offset)")
            #expect(try FileIO.readAll(path) != bytes, "and written again")
        }
        expectSameState(try stateFromCache(l).validator.index, try stateFromScratch(l))
    }

    @Test("a cache that names the wrong place for a line cannot make a repeat look new, nor the stored event")
    func misplacedLine() throws {
        let l = try TempLedger()
        try fill(l)
        let path = IndexCache.path(l.store)
        // Move the start of line 14 (a7's line) by 5 bytes, every checksum recomputed: the
        // cache is self-consistent, but line 14 is not where it says.
        try WriterCacheDamage.rewrite(path) { image, header in
            let at = header.sections[CacheSection.lines.rawValue].start + 13 * 8
            let start = image.loadUnaligned(fromByteOffset: at, as: UInt64.self)
            image.storeBytes(of: start + 5, toByteOffset: at, as: UInt64.self)
        }
        let before = l.logBytes
        let again = try l.append(#"{"id":"a7","type":"activity","member":"lyon","date":"2016","title":"t7"}"#)
        #expect(again.existing.map(\.seq) == [14] && again.appended.isEmpty, "the line is found once the cache is rebuilt")
        #expect(l.logBytes == before)
        #expect(l.reject(#"{"id":"a7","type":"activity","member":"lyon","date":"2016","title":"t8"}"#)?.kind == .conflict)
    }
}

/// Changes made to a cache file by hand, for tests.
enum WriterCacheDamage {
    /// Lets `change` alter the file's bytes, then recomputes every page checksum, the page
    /// table's and the header's, so that only the meaning is wrong.
    static func rewrite(_ path: String, change: (UnsafeMutableRawPointer, CacheHeader) -> Void) throws {
        var bytes = try FileIO.readAll(path)
        let cache = try #require(try? WriterCache.open(path: path).get())
        var header = cache.header
        bytes.withUnsafeMutableBytes { raw in
            let image = raw.baseAddress!
            change(image, header)
            let page = WriterCache.page
            for p in (header.tableStart + header.tablePages * 8 + page - 1) / page..<header.tablePages {
                image.storeBytes(of: PageHash.hash(image + p * page, count: page), toByteOffset: header.tableStart + p * 8,
                                 as: UInt64.self)
            }
            header.tableHash = PageHash.hash(image + header.tableStart, count: header.tablePages * 8)
            header.encoded().withUnsafeBytes { image.copyMemory(from: $0.baseAddress!, byteCount: page) }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
