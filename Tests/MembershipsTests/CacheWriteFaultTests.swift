import Foundation
import Testing
@testable import Ledger

/// The writer's cache is a cache: when its file cannot be written, the append it serves
/// still lands, nothing half-written is left in `Snapshots/`, and a later writer builds it.
/// The file is written from two threads (its per-line sections on another core): a failure
/// in either half must end the same way. The failures come from the `MEMBERSHIPS_FAULT`
/// hook of debug builds.
@Suite("the writer's cache file failing to write", .serialized)
struct CacheWriteFaultTests {
    @Test("either half of the cache file failing: the append lands, no cache or temporary file is left, the next append writes the cache",
          arguments: ["lines", "rest"])
    func halfFails(half: String) throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let snapshots = fixture.root + "/Snapshots"
            let cache = snapshots + "/" + WriterCache.fileName
            func files() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: snapshots)) ?? []).sorted() }
            // No cache: the next append builds one from the log, and writes it.
            try FileManager.default.removeItem(atPath: cache)
            let before = try fixture.logBytes()

            let line = #"{"type":"milestone","member":"paris","network":"c40","milestone":"plan","date":"2010"}"#
            let failed = try fixture.run(["append"], stdin: Array((line + "\n").utf8),
                                         environment: ["MEMBERSHIPS_FAULT": "cache-write:\(half)"])
            #expect(failed.succeeded, "\(failed)")
            #expect(failed.head?.seq == 5, "\(failed)")
            let after = try fixture.logBytes()
            #expect(Array(after.prefix(before.count)) == before)
            let lines = try fixture.lines()
            #expect(lines.count == 5)
            #expect(!FileManager.default.fileExists(atPath: cache), "\(files())")
            #expect(files().allSatisfy { !$0.contains(".tmp-") }, "\(files())")

            // Without the fault the cache is written, and it serves the append after that.
            let next = try fixture.run(["append"], stdin: Array((line.replacingOccurrences(of: "2010", with: "2011") + "\n").utf8))
            #expect(next.succeeded, "\(next)")
            #expect(FileManager.default.fileExists(atPath: cache), "\(files())")
            let warm = try fixture.run(["append"], stdin: Array((line.replacingOccurrences(of: "2010", with: "2012") + "\n").utf8))
            #expect(warm.succeeded && warm.head?.seq == 7, "\(warm)")
            let verified = try fixture.run(["verify"])
            #expect(verified.succeeded, "\(verified)")
        }
    }
}
