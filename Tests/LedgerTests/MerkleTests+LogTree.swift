import Testing
@testable import Ledger

extension MerkleTests {
    /// SPEC §10's tree of a log: its leaves, its origin, finding an event, proofs made from
    /// it, and how a log stands against checkpoints.
    @Suite("The log's tree")
    struct LogTrees {
        static let genesisLine = #"{"seq":1,"id":"genesis-1","type":"ledger","recorded":"2026-01-01T00:00:00Z","format":1,"name":"Test","prev":"0000000000000000000000000000000000000000000000000000000000000000"}"#

        /// A log of `count` lines: the genesis, then lines that need not be events (the tree
        /// takes bytes), the later ones with a note that `rewrite` changes.
        static func lines(_ count: Int, note: String = "first") -> [String] {
            [genesisLine] + (2...max(2, count)).prefix(count - 1).map { #"{"seq":\#($0),"id":"event-\#($0)","note":"\#(note)"}"# }
        }

        static func bytes(_ lines: [String]) -> [UInt8] { Array(lines.map { $0 + "\n" }.joined().utf8) }

        @Test("the leaves are the complete lines without \\n or \\r\\n; a torn final line is no leaf")
        func leaves() throws {
            let log = Array((Self.genesisLine + "\nsecond\r\n\nfourth\ntorn, never acknowledged").utf8)
            let tree = LogTree(bytes: log)
            let expected: [[UInt8]] = [Array(Self.genesisLine.utf8), Array("second".utf8), [], Array("fourth".utf8)]
            #expect(tree.size == 4)
            for (i, line) in expected.enumerated() {
                try tree.tiles.inclusionPath(index: i, size: 4).verify(leafHash: RFC9162.leafHash(line), root: tree.root)
                #expect(tree.line(at: i) == line)
            }
            #expect(tree.root == RFC9162.mth(expected.map(RFC9162.leafHash)[...]))
            #expect(try tree.checkpoint(size: 4).text == Checkpoint(genesis: EventID("genesis-1"), size: 4, root: tree.root).text)
            #expect(try tree.checkpoint(size: 0).root == MerkleHash.emptyRoot)
        }

        @Test("the leaves are hashed on every core the same as one by one", arguments: [1, 8191, 8192, 8193, 20_000])
        func parallel(count: Int) throws {
            let lines = Self.lines(count)
            let tree = LogTree(bytes: Self.bytes(lines))
            #expect(tree.size == count)
            #expect(tree.root == MerkleHash.root(ofLeafHashes: lines.map { MerkleHash.leaf(Array($0.utf8)) }))
            #expect(tree.index(of: EventID("event-\(count)")) == (count > 1 ? count - 1 : nil))
        }

        @Test("the origin is line 1's genesis id; without a genesis there is a tree but no checkpoint")
        func origin() throws {
            #expect(try LogTree(bytes: Self.bytes(Self.lines(3))).origin() == EventID("genesis-1"))
            for log in ["", "torn", #"{"seq":1,"id":"m","type":"member","recorded":"2026-01-01T00:00:00Z","member":"x","name":"X","kind":"city","prev":"0000000000000000000000000000000000000000000000000000000000000000"}"# + "\n", "not json\n"] {
                let tree = LogTree(bytes: Array(log.utf8))
                #expect(tree.genesis == nil)
                #expect(throws: LedgerError.self) { try tree.checkpoint(size: 0) }
                let error = #expect(throws: LedgerError.self) { try tree.origin() }
                #expect(error?.kind == .badData && error?.line == 1, "\(String(describing: error))")
            }
        }

        @Test("an event is found by its top-level id, in canonical form or not; unknown ids are nil")
        func findEvents() throws {
            let lines = Self.lines(4) + [
                #"{"id":"escaped-\u0078","seq":6}"#,           // key order and escapes of another writer
                #"{"seq":7,"type":"x","note":"id","target":"event-2"}"#,  // names event-2, but is not it
                "not json",
                #"{"seq":9,"id":"event-2"}"#,                   // a second line with the id: the first wins
            ]
            let tree = LogTree(bytes: Self.bytes(lines))
            #expect(tree.index(of: EventID("genesis-1")) == 0)
            #expect(tree.index(of: EventID("event-2")) == 1)
            #expect(tree.index(of: EventID("escaped-x")) == 4)
            #expect(tree.index(of: EventID("event-5")) == nil)
            #expect(tree.eventIDs() == ["genesis-1", "event-2", "event-3", "event-4", "escaped-x", "event-2"])
        }

        @Test("proofs made from the log hold; sizes out of range are usage errors")
        func proofs() throws {
            let tree = LogTree(bytes: Self.bytes(Self.lines(7)))
            for size in 1...7 {
                for index in 0..<size {
                    let proof = try tree.inclusionProof(index: index, size: size)
                    #expect(proof.line == Self.lines(7)[index])
                    #expect(proof.checkpoint == (try tree.checkpoint(size: size)))
                    try proof.check()
                }
                for from in 1...size { try tree.consistencyProof(from: from, to: size).check() }
            }
            for (index, size) in [(0, 8), (3, 3), (-1, 2), (0, 0)] {
                let error = #expect(throws: LedgerError.self) { try tree.inclusionProof(index: index, size: size) }
                #expect(error?.kind == .usage)
            }
            for (from, to) in [(0, 3), (4, 3), (1, 8)] {
                let error = #expect(throws: LedgerError.self) { try tree.consistencyProof(from: from, to: to) }
                #expect(error?.kind == .usage)
            }
        }

        @Test("a line that is not UTF-8 cannot go into a proof")
        func notUTF8() throws {
            let tree = LogTree(bytes: Self.bytes(Self.lines(1)) + [0x22, 0xFF, 0x22, 0x0A])
            let error = #expect(throws: LedgerError.self) { try tree.inclusionProof(index: 1, size: 2) }
            #expect(error?.kind == .badData && error?.line == 2)
        }

        /// Checkpoints of the log as first written, at `sizes`.
        static func checkpoints(_ sizes: [Int], of count: Int = 20) throws -> [Checkpoint] {
            let original = LogTree(bytes: Self.bytes(Self.lines(count)))
            return try sizes.map { try original.checkpoint(size: $0) }
        }

        /// The log with line `k` changed and every line after it too (as a recomputed chain would).
        static func rewritten(from k: Int, count: Int = 20) -> LogTree {
            let lines = Self.lines(count)
            let changed = Self.lines(count, note: "rewritten")
            return LogTree(bytes: Self.bytes(Array(lines.prefix(k - 1) + changed.dropFirst(k - 1))))
        }

        @Test("checkpoints of the log as it was hold; on a rewritten log they fail, narrowed to the lines between")
        func checkpointsAgainstRewrite() throws {
            let untouched = LogTree(bytes: Self.bytes(Self.lines(20)))
            #expect(untouched.check(try Self.checkpoints([0, 1, 7, 20])).allSatisfy(\.holds))

            let log = Self.rewritten(from: 9)
            // One checkpoint: only the size can be named.
            let alone = try #require(log.check(try Self.checkpoints([20])).first)
            #expect(!alone.holds && alone.computed == log.root)
            #expect(alone.problem?.line == 1)
            #expect(alone.problem?.message.contains("one of lines 1–20") == true, "\(alone)")

            // One that holds below it narrows the range; adjacent sizes name the line.
            let narrowed = log.check(try Self.checkpoints([20, 5, 12]))
            #expect(narrowed.map(\.holds) == [false, true, false])
            #expect(narrowed[0].problem?.line == 6)
            #expect(narrowed[0].problem?.message.contains("one of lines 6–12") == true, "\(narrowed)")
            let exact = log.check(try Self.checkpoints([8, 9, 20]))
            #expect(exact.map(\.holds) == [true, false, false])
            for result in exact.dropFirst() {
                #expect(result.problem?.line == 9)
                #expect(result.problem?.message.contains("line 9 differs from what the checkpoint's tree implies") == true, "\(result)")
            }
        }

        @Test("a checkpoint beyond the log, of another ledger, of the empty tree with another root, or contradicted")
        func otherFailures() throws {
            let log = LogTree(bytes: Self.bytes(Self.lines(20)))
            let beyond = try #require(LogTree(bytes: Self.bytes(Self.lines(10))).check(try Self.checkpoints([15])).first)
            #expect(beyond.problem?.line == 11 && beyond.computed == nil)
            #expect(beyond.problem?.message.contains("lines 11–15 are gone") == true, "\(beyond)")

            let other = Checkpoint(genesis: EventID("another"), size: 3, root: log.root)
            let foreign = try #require(log.check([other]).first)
            #expect(foreign.problem?.message.contains("another ledger") == true, "\(foreign)")

            let empty = Checkpoint(genesis: EventID("genesis-1"), size: 0, root: log.root)
            #expect(log.check([empty]).first?.problem?.message.contains("empty tree") == true)

            // A failing checkpoint below one that holds records another history.
            var forged = try Self.checkpoints([5, 10])
            forged[0] = Checkpoint(genesis: forged[0].genesis, size: 5, root: log.root)
            let contradicted = log.check(forged)
            #expect(contradicted.map(\.holds) == [false, true])
            #expect(contradicted[0].problem?.message.contains("different histories") == true, "\(contradicted)")
        }
    }
}
