import Foundation
import Testing
@testable import Ledger

/// `prove` and `checkpoint` on a ledger of several tiles, run as the built binary: the tree's
/// cache in `Snapshots/` is written and read, and never changes what they print.
@Suite("Proofs: the tree's cache")
struct ProofCacheTests {
    /// A ledger of 604 lines (genesis, the standard three, 600 networks): two complete tiles
    /// of 256 lines and a partial one.
    static func ledger(in dir: String) throws -> LedgerFixture {
        let fixture = try LedgerFixture.make(in: dir)
        let networks = (1...600).map {
            #"{"id":"net-n\#($0)","type":"network","network":"n\#($0)","name":"Network \#($0)","kind":"network"}"#
        }
        let appended = try fixture.run(["append"], stdin: Array(networks.map { $0 + "\n" }.joined().utf8))
        try #require(appended.succeeded, "\(appended)")
        return fixture
    }

    static func cachePath(_ fixture: LedgerFixture) -> String { fixture.root + "/Snapshots/" + TreeCache.fileName }

    /// What the commands print: a checkpoint at the head and at 300, inclusion proofs of
    /// lines 2, 300 and 604, consistency proofs from 100 and 512.
    static func answers(_ fixture: LedgerFixture) throws -> [String] {
        let commands = [["checkpoint"], ["checkpoint", "--size", "300"],
                        ["prove", "--event", "net-c40"], ["prove", "--event", "net-n296"],
                        ["prove", "--event", "net-n600"], ["prove", "--event", "net-n296", "--size", "513"],
                        ["prove", "--from", "100"], ["prove", "--from", "512", "--size", "600"]]
        return try commands.map { arguments in
            let result = try fixture.run(arguments)
            try #require(result.succeeded && result.stderr.isEmpty, "\(arguments): \(result)")
            return result.stdout
        }
    }

    @Test("the first proof writes Snapshots/merkle-tree.cache; with it, without it or damaged, the answers are the same and hold")
    func sameAnswers() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.ledger(in: dir)
            let lines = try fixture.lines()
            #expect(lines.count == 604)
            let path = Self.cachePath(fixture)
            #expect(!FileManager.default.fileExists(atPath: path))
            let first = try Self.answers(fixture)
            let written = try LedgerFixture.readBytes(path)
            #expect(written.count == TreeCache.headerSize + 2 * TreeCache.tileSize + 512 * 4)

            // The checkpoints are those of the lines, computed apart from the library.
            let genesis = try Proofs.genesisID(lines)
            #expect(first[0] == Proofs.checkpointText(genesis: genesis, lines, size: 604))
            #expect(first[1] == Proofs.checkpointText(genesis: genesis, lines, size: 300))
            for (k, answer) in first.enumerated() where k >= 2 {
                let file = try fixture.writeInput("answer-\(k).json", Array(answer.utf8))
                let checked = try Binary.run(["check", file], directory: dir)
                #expect(checked.succeeded, "\(k): \(checked)")
            }

            // From the cache, without it, and with it damaged: the same bytes out.
            #expect(try Self.answers(fixture) == first)
            try FileManager.default.removeItem(atPath: path)
            #expect(try Self.answers(fixture) == first)
            #expect(try LedgerFixture.readBytes(path) == written)
            for offset in [10, 100, 150, 1500] {
                var bad = written
                bad[offset] ^= 0x04
                try Data(bad).write(to: URL(fileURLWithPath: path))
                #expect(try Self.answers(fixture) == first, "a byte changed at \(offset)")
                #expect(try LedgerFixture.readBytes(path) == written, "rebuilt after a byte changed at \(offset)")
            }
            try Data(written.prefix(200)).write(to: URL(fileURLWithPath: path))
            #expect(try Self.answers(fixture) == first)

            // verify never reads or writes it.
            try FileManager.default.removeItem(atPath: path)
            let checkpoint = try fixture.writeInput("cp.txt", Array(first[0].utf8))
            #expect(try fixture.run(["verify", "--checkpoint", checkpoint]).succeeded)
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("after appends the cache is extended, and the proofs are those of the grown log")
    func afterAppends() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.ledger(in: dir)
            _ = try Self.answers(fixture)
            let more = (601...700).map {
                #"{"id":"net-n\#($0)","type":"network","network":"n\#($0)","name":"Network \#($0)","kind":"network"}"#
            }
            try #require(try fixture.run(["append"], stdin: Array(more.map { $0 + "\n" }.joined().utf8)).succeeded)
            let lines = try fixture.lines()
            let genesis = try Proofs.genesisID(lines)
            #expect(try fixture.run(["checkpoint"]).stdout == Proofs.checkpointText(genesis: genesis, lines, size: 704))
            #expect(try LedgerFixture.readBytes(Self.cachePath(fixture)).count == TreeCache.headerSize + 2 * TreeCache.tileSize + 512 * 4,
                    "fewer than 256 new lines than the cache covers: not written again")
            let proof = try fixture.run(["prove", "--event", "net-n700", "--size", "704"])
            let file = try fixture.writeInput("late.json", Array(proof.stdout.utf8))
            #expect(try Binary.run(["check", file], directory: dir).succeeded)
            let grown = (701...900).map {
                #"{"id":"net-n\#($0)","type":"network","network":"n\#($0)","name":"Network \#($0)","kind":"network"}"#
            }
            try #require(try fixture.run(["append"], stdin: Array(grown.map { $0 + "\n" }.joined().utf8)).succeeded)
            let all = try fixture.lines()
            #expect(try fixture.run(["checkpoint", "--size", "800"]).stdout == Proofs.checkpointText(genesis: genesis, all, size: 800))
            #expect(try LedgerFixture.readBytes(Self.cachePath(fixture)).count == TreeCache.headerSize + 3 * TreeCache.tileSize + 768 * 4)
        }
    }

    @Test("a line edited by hand inside the cached lines, its length kept: the proof of it still holds, of the log as it is")
    func editedInside() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.ledger(in: dir)
            _ = try Self.answers(fixture)
            // Line 300 (net-n296) gets another name of the same length; line 604 is unchanged,
            // so the cache's last line still matches.
            var bytes = try fixture.logBytes()
            let old = Array(#""name":"Network 296""#.utf8), new = Array(#""name":"Network 297""#.utf8)
            let at = try #require(bytes.indices.first { bytes[$0...].starts(with: old) })
            bytes.replaceSubrange(at..<at + old.count, with: new)
            try Data(bytes).write(to: URL(fileURLWithPath: fixture.logPath))

            let proved = try fixture.run(["prove", "--event", "net-n296"])
            try #require(proved.succeeded, "\(proved)")
            let proof = try Proofs.object(proved.stdout)
            let lines = try fixture.lines()
            #expect((proof["line"] as? String).map { Array($0.utf8) } == lines[299])
            let checkpoint = try #require(proof["checkpoint"] as? [String: Any])
            #expect(checkpoint["root"] as? String == Proofs.hex(Proofs.root(lines[...])))
            let file = try fixture.writeInput("edited.json", Array(proved.stdout.utf8))
            #expect(try Binary.run(["check", file], directory: dir).succeeded)
        }
    }
}
