import Foundation
import Testing
@testable import Ledger

/// `memberships checkpoint`, `prove` and `check` (SPEC §10), run as the built binary: the
/// checkpoint and proofs of a log, checked alone, with every tampered field refused.
@Suite("Proofs: checkpoint, prove, check")
struct ProofCommandTests {
    @Test("checkpoint prints origin, size and base64 root of the first N complete lines; a torn tail is not one")
    func checkpoints() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let lines = try fixture.lines()
            #expect(lines.count == 11)
            let genesis = try Proofs.genesisID(lines)
            for size in [nil, 0, 1, 2, 5, 8, 11] as [Int?] {
                let result = try fixture.run(["checkpoint"] + (size.map { ["--size", String($0)] } ?? []))
                #expect(result.succeeded && result.stderr.isEmpty, "\(result)")
                #expect(result.stdout == Proofs.checkpointText(genesis: genesis, lines, size: size ?? 11))
            }
            // A write that was never acknowledged is not in the tree.
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: fixture.logPath))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(#"{"seq":12,"id":"torn""#.utf8))
            try handle.close()
            #expect(try fixture.run(["checkpoint"]).stdout == Proofs.checkpointText(genesis: genesis, lines, size: 11))
            let beyond = try fixture.run(["checkpoint", "--size", "12"])
            #expect(beyond.status == 64 && beyond.stderr.contains("--size 12 is beyond the log's 11 complete lines"), "\(beyond)")
        }
    }

    @Test("prove --event prints SPEC §10's inclusion proof, and check accepts it, at every size that holds the event")
    func inclusionRoundTrips() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let lines = try fixture.lines()
            let genesis = try Proofs.genesisID(lines)
            let ids = try fixture.objects().map { try #require($0["id"] as? String) }
            for size in [1, 2, 3, 5, 8, 11] {
                for index in Set([0, size / 2, size - 1]).sorted() {
                    let proved = try fixture.run(["prove", "--event", ids[index], "--size", String(size)])
                    try #require(proved.succeeded && proved.stderr.isEmpty, "\(proved)")
                    let proof = try Proofs.object(proved.stdout)
                    #expect(proof.keys.sorted() == ["checkpoint", "index", "kind", "line", "path"])
                    #expect(proof["kind"] as? String == "inclusion")
                    #expect(proof["index"] as? Int == index)
                    #expect((proof["line"] as? String).map { Array($0.utf8) } == lines[index])
                    let checkpoint = try #require(proof["checkpoint"] as? [String: Any])
                    #expect(checkpoint["origin"] as? String == "memberships/\(genesis)")
                    #expect(checkpoint["size"] as? Int == size)
                    #expect(checkpoint["root"] as? String == Proofs.hex(Proofs.root(lines.prefix(size))))
                    let path = try #require(proof["path"] as? [String])
                    #expect(path.allSatisfy(Heads.isHex64))
                    // The keys come in SPEC §10's order.
                    #expect(proved.stdout.range(of: "\"kind\"")!.lowerBound < proved.stdout.range(of: "\"checkpoint\"")!.lowerBound)
                    #expect(proved.stdout.range(of: "\"line\"")!.lowerBound < proved.stdout.range(of: "\"path\"")!.lowerBound)

                    let file = try fixture.writeInput("proof-\(size)-\(index).json", Array(proved.stdout.utf8))
                    let checked = try Binary.run(["check", file], directory: dir)
                    #expect(checked.succeeded, "\(checked)")
                    #expect(checked.stdout.contains("ok: line \(index + 1) (index \(index), event '\(ids[index])') is in the tree of size \(size)"), "\(checked)")
                }
            }
            // --format json is the default, and may be said.
            let explicit = try fixture.run(["prove", "--event", ids[3], "--format", "json"])
            #expect(explicit.stdout == (try fixture.run(["prove", "--event", ids[3]])).stdout)
        }
    }

    @Test("prove --event seq:N proves the line N: the same proof as by its id")
    func proveBySeq() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let byID = try fixture.run(["prove", "--event", "net-n2"])
            let bySeq = try fixture.run(["prove", "--event", "seq:6"])
            #expect(byID.succeeded && bySeq.succeeded, "\(byID) \(bySeq)")
            #expect(bySeq.stdout == byID.stdout)
            let other = try fixture.run(["prove", "--event", "seq:5"])
            #expect(other.succeeded && other.stdout != byID.stdout)
        }
    }

    @Test("prove --from prints SPEC §10's consistency proof, and check accepts it")
    func consistencyRoundTrips() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let lines = try fixture.lines()
            for (from, to) in [(1, 1), (1, 11), (3, 7), (4, 8), (5, 11), (7, 8), (11, 11)] {
                let proved = try fixture.run(["prove", "--from", String(from), "--size", String(to)])
                try #require(proved.succeeded, "\(proved)")
                let proof = try Proofs.object(proved.stdout)
                #expect(proof.keys.sorted() == ["from", "kind", "path", "to"])
                #expect(proof["kind"] as? String == "consistency")
                let first = try #require(proof["from"] as? [String: Any]), second = try #require(proof["to"] as? [String: Any])
                #expect(first["size"] as? Int == from && second["size"] as? Int == to)
                #expect(first["root"] as? String == Proofs.hex(Proofs.root(lines.prefix(from))))
                #expect(second["root"] as? String == Proofs.hex(Proofs.root(lines.prefix(to))))
                #expect((proof["path"] as? [String])?.isEmpty == (from == to))
                let checked = try Binary.run(["check", "-"], stdin: Array(proved.stdout.utf8), directory: dir)
                #expect(checked.succeeded, "\(checked)")
                #expect(checked.stdout.contains("is a prefix of the tree of size \(to)"), "\(checked)")
            }
            // Without --size, to the head.
            let toHead = try Proofs.object(try fixture.run(["prove", "--from", "4"]).stdout)
            #expect((toHead["to"] as? [String: Any])?["size"] as? Int == 11)
        }
    }

    @Test("the shipped ledger: its checkpoint, proofs of its events and of its growth all check")
    func shippedLedger() throws {
        let root = Package.root
        let lines = LedgerFixture.completeLines(try LedgerFixture.readBytes(root + "/Events/ledger.jsonl"))
        let genesis = try Proofs.genesisID(lines)
        let checkpoint = try Binary.run(["--ledger", root, "checkpoint"])
        #expect(checkpoint.stdout == Proofs.checkpointText(genesis: genesis, lines, size: lines.count), "\(checkpoint)")
        try withTemporaryDirectory { dir in
            let checkpointFile = dir + "/checkpoint.txt"
            try Data(checkpoint.stdout.utf8).write(to: URL(fileURLWithPath: checkpointFile))
            for arguments in [["--event", "paris-100-resilient-cities-selection"], ["--event", "paris-c40-c20-call", "--size", "60"],
                              ["--from", "73"], ["--from", "1"], ["--from", "40", "--size", "64"]] {
                let proved = try Binary.run(["--ledger", root, "prove"] + arguments)
                try #require(proved.succeeded, "\(arguments): \(proved)")
                let file = dir + "/proof.json"
                try Data(proved.stdout.utf8).write(to: URL(fileURLWithPath: file))
                let checked = try Binary.run(["check", file], directory: dir)
                #expect(checked.succeeded, "\(arguments): \(checked)")
                if !arguments.contains("--size") {
                    let trusted = try Binary.run(["check", file, "--checkpoint", checkpointFile], directory: dir)
                    #expect(trusted.succeeded && trusted.stdout.contains("states the checkpoint"), "\(arguments): \(trusted)")
                }
            }
        }
    }

    /// A proof of the small ledger, changed by `change`, checked: the result.
    static func checkChanged(_ fixture: LedgerFixture, _ arguments: [String], trusted: [String] = [],
                             _ change: (inout [String: Any]) throws -> Void) throws -> RunResult {
        var proof = try Proofs.object(try fixture.run(["prove"] + arguments).stdout)
        try change(&proof)
        let file = try fixture.writeInput("changed.json", try Proofs.bytes(proof))
        return try Binary.run(["check", file] + trusted.flatMap { ["--checkpoint", $0] }, directory: fixture.workspace)
    }

    @Test("an inclusion proof with a hash, the line, the index or the size changed fails with 65, naming what differs")
    func tamperedInclusion() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let prove = ["--event", "net-n2", "--size", "11"]  // line 6, index 5
            let zeros = String(repeating: "0", count: 64)
            let cases: [(String, (inout [String: Any]) -> Void, String)] = [
                ("a path hash", { p in var path = p["path"] as! [String]; path[0] = zeros; p["path"] = path }, "the path leads to root"),
                ("the last path hash", { p in var path = p["path"] as! [String]; path[path.count - 1] = zeros; p["path"] = path }, "the path leads to root"),
                ("the root", { p in var c = p["checkpoint"] as! [String: Any]; c["root"] = zeros; p["checkpoint"] = c }, "but the checkpoint's root is \(zeros)"),
                ("the line", { p in p["line"] = (p["line"] as! String).replacingOccurrences(of: "Network 2", with: "Network 9") }, "from the line's leaf hash"),
                ("the index", { p in p["index"] = 6 }, "the line's seq is '6', but index 6 is line 7"),
                ("the index and the line's seq", { p in p["index"] = 6; p["line"] = (p["line"] as! String).replacingOccurrences(of: "\"seq\":6", with: "\"seq\":7") }, "line 7 (index 6) in the tree of size 11 does not hold"),
                ("the size, to one the path cannot fit", { p in var c = p["checkpoint"] as! [String: Any]; c["size"] = 6; p["checkpoint"] = c }, "the path has 4 hashes; index 5 in a tree of size 6 needs 2"),
                ("the size, to one the index is beyond", { p in var c = p["checkpoint"] as! [String: Any]; c["size"] = 5; p["checkpoint"] = c }, "index 5 is not below the tree size 5"),
                ("a path hash dropped", { p in p["path"] = Array((p["path"] as! [String]).dropLast()) }, "the path has 3 hashes"),
            ]
            for (what, change, message) in cases {
                let result = try Self.checkChanged(fixture, prove, change)
                #expect(result.status == 65, "\(what): \(result)")
                #expect(result.stderr.contains(message), "\(what): \(result.stderr)")
                #expect(result.stdout.isEmpty, "\(what): \(result)")
            }
        }
    }

    @Test("a size changed to one the path still fits holds alone — the root does not fix the size — and fails against the trusted checkpoint")
    func sizeAgainstTrustedCheckpoint() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let trusted = try fixture.writeInput("checkpoint.txt", Array(try fixture.run(["checkpoint"]).stdout.utf8))
            let prove = ["--event", "net-n1", "--size", "11"]  // line 5, index 4: its path fits sizes 9 to 16
            let changeSize: (inout [String: Any]) -> Void = { p in var c = p["checkpoint"] as! [String: Any]; c["size"] = 12; p["checkpoint"] = c }
            let alone = try Self.checkChanged(fixture, prove, changeSize)
            #expect(alone.succeeded, "\(alone)")
            let checked = try Self.checkChanged(fixture, prove, trusted: [trusted], changeSize)
            #expect(checked.status == 65, "\(checked)")
            #expect(checked.stderr.contains("the file states the tree of size 12, but the trusted checkpoint is of size 11"), "\(checked)")
            #expect(try Self.checkChanged(fixture, prove, trusted: [trusted]) { _ in }.succeeded)
        }
    }

    @Test("a consistency proof with a root, a hash, a size or the origin changed fails with 65, naming what differs")
    func tamperedConsistency() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let zeros = String(repeating: "0", count: 64)
            func set(_ key: String, _ field: String, _ value: Any) -> (inout [String: Any]) -> Void {
                { p in var c = p[key] as! [String: Any]; c[field] = value; p[key] = c }
            }
            let cases: [(String, (inout [String: Any]) -> Void, String)] = [
                ("the first root", set("from", "root", zeros), "the 'from' checkpoint's root is \(zeros)"),
                ("the second root", set("to", "root", zeros), "the 'to' checkpoint's root is \(zeros)"),
                ("a path hash", { p in var path = p["path"] as! [String]; path[path.count - 1] = zeros; p["path"] = path }, "the path gives the tree of size"),
                ("the first size", set("from", "size", 4), "the path has 5 hashes; sizes 4 and 11 need 2"),
                ("the first size, to 0", set("from", "size", 0), "proves nothing"),
                ("the second size", set("to", "size", 2), "the first tree size 3 is larger than the second, 2"),
                ("the origin", set("to", "origin", "memberships/another-ledger"), "the two checkpoints name different logs"),
            ]
            for (what, change, message) in cases {
                let result = try Self.checkChanged(fixture, ["--from", "3"], change)
                #expect(result.status == 65, "\(what): \(result)")
                #expect(result.stderr.contains(message), "\(what): \(result.stderr)")
            }
        }
    }

    @Test("usage and data errors: unknown events with a hint, sizes out of range, text format, files missing or malformed")
    func refusals() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let cases: [([String], Int32, String)] = [
                (["prove", "--event", "net-n22"], 65, "unknown event 'net-n22' (did you mean 'net-n2'?)"),
                (["prove", "--event", "net-n2", "--size", "5"], 64, "event 'net-n2' is on line 6, after the tree of size 5"),
                (["prove", "--event", "net-n2", "--size", "0"], 64, "after the tree of size 0"),
                (["prove", "--event", "net-n2", "--size", "12"], 64, "--size 12 is beyond the log's 11 complete lines"),
                (["prove", "--from", "0"], 64, "proves nothing"),
                (["prove", "--from", "9", "--size", "8"], 64, "the first tree size 9 is larger than the second, 8"),
                (["prove", "--from", "12"], 64, "the first tree size 12 is larger than the second, 11"),
                (["prove", "--from", "1", "--event", "net-n2"], 64, "either --event ID (inclusion) or --from M"),
                (["prove"], 64, "either --event ID (inclusion) or --from M"),
                (["prove", "--event", "net-n2", "--format", "text"], 64, "prove prints JSON only"),
                (["prove", "--event", "net-n2", "--format", "yaml"], 64, "unknown format 'yaml'"),
                (["prove", "--from", "-1"], 64, "non-negative integer"),
                (["prove", "--event", "seq:12"], 64, "--event seq:12: no line of the log has that seq (its complete lines are seq 1 to 11)"),
                (["prove", "--event", "seq:6", "--size", "5"], 64, "seq:6 is on line 6, after the tree of size 5"),
                (["prove", "--event", "seq:+6"], 64, "seq:N takes a whole number N"),
                (["prove", "--event", "seq:0"], 64, "--event seq:0: no line of the log has that seq"),
                (["checkpoint", "--size", "x"], 64, "non-negative integer"),
                (["check"], 64, "'check' needs a proof or checkpoint file"),
                (["check", "missing.json"], 66, "cannot read missing.json"),
                (["verify", "--checkpoint", "missing.txt"], 66, "cannot read missing.txt"),
            ]
            for (arguments, status, message) in cases {
                let result = try fixture.run(arguments)
                #expect(result.status == status, "\(arguments): \(result)")
                #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
                #expect(result.stdout.isEmpty, "\(arguments): \(result)")
            }
            let malformed: [(String, String)] = [
                ("not-json.json", "{\"kind\":\"inclusion\",}"),
                ("crlf.txt", "memberships/g\r\n1\r\nAAAA\r\n"),
                ("short.txt", "memberships/g\n1\n"),
                ("bad-size.txt", "memberships/g\n01\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"),
                ("extra.json", #"{"kind":"consistency","from":{},"to":{},"path":[],"note":"x"}"#),
            ]
            for (name, text) in malformed {
                let file = try fixture.writeInput(name, Array(text.utf8))
                let result = try Binary.run(["check", file], directory: dir)
                #expect(result.status == 64, "\(name): \(result)")
                #expect(result.stderr.contains("not a proof or checkpoint"), "\(name): \(result.stderr)")
            }
            let atLine = try Binary.run(["check", "bad-size.txt"], directory: dir)
            #expect(atLine.stderr.hasPrefix("bad-size.txt:2: not a proof or checkpoint: size '01' has a leading zero"), "\(atLine)")
            let proof = try fixture.writeInput("proof.json", Array(try fixture.run(["prove", "--from", "2"]).stdout.utf8))
            let asCheckpoint = try fixture.run(["verify", "--checkpoint", proof])
            #expect(asCheckpoint.status == 64 && asCheckpoint.stderr.contains("is a proof, not a checkpoint"), "\(asCheckpoint)")
            let trustedProof = try Binary.run(["check", proof, "--checkpoint", proof], directory: dir)
            #expect(trustedProof.status == 64 && trustedProof.stderr.contains("is a proof, not a checkpoint"), "\(trustedProof)")
        }
    }

    @Test("check needs no ledger, and a plain checkpoint is checked for its form only")
    func checkWithoutLedger() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let proof = try Array(fixture.run(["prove", "--event", "paris-c40"]).stdout.utf8)
            let checkpoint = try Array(fixture.run(["checkpoint", "--size", "0"]).stdout.utf8)
            try withTemporaryDirectory { elsewhere in
                let file = elsewhere + "/proof.json"
                try Data(proof).write(to: URL(fileURLWithPath: file))
                let checked = try Binary.run(["--ledger", elsewhere + "/nothing", "check", file], directory: elsewhere)
                #expect(checked.succeeded && checked.stdout.contains("event 'paris-c40'"), "\(checked)")
                let plain = try Binary.run(["check", "-"], stdin: checkpoint, directory: elsewhere)
                #expect(plain.succeeded && plain.stdout.contains("size 0, root e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 (not signed"), "\(plain)")
            }
        }
    }
}
