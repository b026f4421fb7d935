import Foundation
import Testing
import TestSupport
import Ledger
@testable import MembershipsCLI

/// `status` of a log larger than one range of facts (`MEMBERSHIPS_RANGE_FACTS`) is replayed a
/// range of members at a time and written a range at a time: the same bytes as the whole
/// replay's, in every format.
@Suite("status in ranges of members, on the command line")
struct StatusInRangesCommandTests {
    /// The envelope and the rows of the row-stream tests: row n is `{"n": n}`.
    static let members = [JSONMember("head", .string("h")), JSONMember("asOf", .string("2020-06-30"))]
    static let write: @Sendable (Int, Int, inout ByteSink) -> Void = { row, _, sink in sink.bytes(Array("{\"n\": \(row)}".utf8)) }

    /// The bytes of rows 0..<total after the envelope written all at once, and those that
    /// `batches` of rows, written in turn by `each` (given the stream, the first row and
    /// how many), give.
    static func streamed(_ batches: [Int], _ each: (inout JSONText.RowStream, Int, Int) -> Void) -> (expected: [UInt8], actual: [UInt8]) {
        var expected: [UInt8] = []
        JSONText.stream(members, rowsKey: "rows", rows: Array(0..<batches.reduce(0, +)), writeRow: write) { expected += Array($0) }
        var actual: [UInt8] = []
        var stream = JSONText.RowStream(members, rowsKey: "rows") { actual += Array($0) }
        var next = 0
        for count in batches {
            each(&stream, next, count)
            next += count
        }
        stream.finish()
        return (expected, actual)
    }

    @Test("rows written a batch at a time: the bytes of writing them all at once, whatever the batches",
          arguments: [[], [0], [1], [0, 0, 3], [5], [512], [513], [300, 0, 700], [1, 1500, 2]])
    func rowStream(batches: [Int]) {
        let (expected, actual) = Self.streamed(batches) { stream, first, count in
            stream.writeInPieces(Array(first..<first + count), writeRow: Self.write)
        }
        #expect(actual == expected)
        #expect(String(decoding: actual, as: UTF8.self).hasSuffix(batches.reduce(0, +) == 0 ? "\"rows\": []\n}\n" : "\n  ]\n}\n"))
    }

    @Test("rows written in place a range of positions at a time: the bytes of writing them all at once, whatever the batches",
          arguments: [[], [0], [1], [0, 0, 3], [5], [512], [513], [300, 0, 700], [1, 1500, 2]])
    func rowStreamInPlace(batches: [Int]) {
        let (expected, actual) = Self.streamed(batches) { stream, first, count in
            stream.writeInPieces(positions: count) { range, sink in
                for k in range {
                    JSONText.separate(&sink)
                    Self.write(first + k, JSONText.rowIndent, &sink)
                }
                return range.count
            }
        }
        #expect(actual == expected)
    }

    @Test("the shipped ledger in ranges of one fact: the whole replay's bytes, in JSON, text and CSV, as of any day and known at any line, filtered or not")
    func shippedLedger() throws {
        try withTemporaryDirectory { dir in
            let root = dir + "/ledger"
            let log = try LedgerFixture.readBytes(Package.root + "/Events/ledger.jsonl")
            try LedgerFixture.makeLedger(root, [log][...])
            let ranged = ["MEMBERSHIPS_RANGE_FACTS": "1"]
            for arguments in [["status", "--format", "json"], ["status", "--as-of", "2019-06-30", "--format", "json"],
                              ["status"], ["status", "--format", "csv", "--as-of", "2012-01-01"],
                              ["status", "--known-at", "seq:40", "--format", "json"], ["status", "--known-at", "seq:0"],
                              // --network in ranges; one member's views from that member alone.
                              ["status", "--network", "c40", "--format", "json"], ["status", "--network", "covenant-of-mayors"],
                              ["status", "--member", "paris", "--format", "json"], ["status", "--member", "paris", "--network", "c40"],
                              ["member", "paris", "--format", "json"], ["member", "paris", "--known-at", "seq:30"],
                              ["timeline", "--member", "paris", "--format", "json"], ["timeline", "--member", "paris", "--as-of", "2012"],
                              ["network", "c40", "--format", "json"], ["network", "global-covenant-of-mayors", "--known-at", "seq:60"],
                              ["timeline", "--network", "c40", "--format", "json"],
                              ["timeline", "--network", "covenant-of-mayors", "--from", "2014", "--to", "2016", "--wide"]] {
                let whole = try Binary.run(["--ledger", root] + arguments)
                let inRanges = try Binary.run(["--ledger", root] + arguments, environment: ranged)
                #expect(whole.status == 0 && whole.stdoutBytes.count > 100, "\(arguments): \(whole)")
                #expect(inRanges.status == whole.status && inRanges.stdoutBytes == whole.stdoutBytes, "\(arguments)")
                #expect(inRanges.stderr == whole.stderr, "\(arguments)")
            }
            // Through a replay snapshot (every fact loaded, nothing set aside): the same bytes.
            let snapshotted = dir + "/snapshotted"
            try LedgerFixture.makeLedger(snapshotted, [log][...])
            #expect(try Binary.run(["--ledger", snapshotted, "snapshot"]).status == 0)
            for arguments in [["status", "--network", "c40", "--format", "json"], ["status", "--member", "paris"],
                              ["member", "paris", "--format", "json"], ["network", "c40", "--format", "json"],
                              ["timeline", "--network", "c40", "--format", "json"], ["timeline", "--member", "paris"]] {
                let whole = try Binary.run(["--ledger", root] + arguments)
                let inRanges = try Binary.run(["--ledger", snapshotted] + arguments, environment: ranged)
                #expect(inRanges.status == 0 && inRanges.stdoutBytes == whole.stdoutBytes, "\(arguments): \(inRanges)")
            }
            // Unknown slugs: the whole replay's error, word for word (its hint names the closest).
            for arguments in [["status", "--member", "pariss"], ["status", "--network", "c41", "--format", "json"],
                              ["member", "pariss"], ["timeline", "--member", "c40"], ["member", "paris", "--known-at", "seq:1"],
                              ["network", "c41"], ["timeline", "--network", "c41"]] {
                let whole = try Binary.run(["--ledger", root] + arguments)
                let inRanges = try Binary.run(["--ledger", root] + arguments, environment: ranged)
                #expect(whole.status == 65 && whole.stderr.contains("unknown"), "\(arguments): \(whole)")
                #expect(inRanges.status == 65 && inRanges.stderr == whole.stderr && inRanges.stdoutBytes.isEmpty, "\(arguments): \(inRanges)")
            }
            // The ranges did run: with nowhere to put the spill, only they fail, with an I/O
            // error that says what to do; the log is untouched.
            let nowhere = ranged.merging(["TMPDIR": dir + "/missing"]) { $1 }
            let failed = try Binary.run(["--ledger", root, "status"], environment: nowhere)
            #expect(failed.status == 74, "\(failed)")
            #expect(failed.stderr.contains("cannot make a temporary file in \(dir)/missing"), "\(failed.stderr)")
            #expect(failed.stderr.contains("hint: set TMPDIR"), "\(failed.stderr)")
            #expect(try Binary.run(["--ledger", root, "status"], environment: ["TMPDIR": dir + "/missing"]).status == 0)
            #expect(try LedgerFixture.readBytes(root + "/Events/ledger.jsonl") == log)
            // So did the filtered views; the views of every member or network replay the whole log.
            for arguments in [["status", "--member", "paris"], ["status", "--network", "c40"], ["member", "paris"],
                              ["timeline", "--member", "paris"], ["network", "c40"], ["timeline", "--network", "c40"]] {
                #expect(try Binary.run(["--ledger", root] + arguments, environment: nowhere).status == 74, "\(arguments)")
            }
            let whole = try Binary.run(["--ledger", root, "networks"], environment: nowhere)
            #expect(whole.status == 0 && whole.stdout.contains("c40"), "\(whole)")
        }
    }
}
