import Testing
@testable import Ledger

extension MerkleTests {
    /// What `check` reads (SPEC §10): proofs as JSON, read strictly and checked alone, and
    /// signed checkpoints split at their blank line.
    @Suite("Proof files")
    struct ProofFiles {
        static let tree = LogTree(bytes: LogTrees.bytes(LogTrees.lines(11)))

        static func text(_ value: JSONValue) -> [UInt8] { JSONWriter.encode(value) }

        @Test("a proof is written in SPEC §10's form and read back to the same value")
        func roundTrip() throws {
            let inclusion = try Self.tree.inclusionProof(index: 4, size: 11)
            let text = String(decoding: Self.text(inclusion.json), as: UTF8.self)
            #expect(text.hasPrefix(#"{"kind":"inclusion","checkpoint":{"origin":"memberships/genesis-1","size":11,"root":""#))
            #expect(text.contains(#""index":4,"line":"{\"seq\":5,\"id\":\"event-5\",\"note\":\"first\"}","path":[""#))
            #expect(try ProofFile(parsing: Self.text(inclusion.json)) == .inclusion(inclusion))

            let consistency = try Self.tree.consistencyProof(from: 3, to: 11)
            let read = try ProofFile(parsing: Array("\n  ".utf8) + Self.text(consistency.json) + [0x0A])
            #expect(read == .consistency(consistency))
            #expect(String(decoding: Self.text(consistency.json), as: UTF8.self).hasPrefix(#"{"kind":"consistency","from":{"origin":"#))

            let checkpoint = try Self.tree.checkpoint(size: 11)
            #expect(try ProofFile(parsing: Array(checkpoint.text.utf8)) == .checkpoint(checkpoint))
        }

        /// Changes one member of a proof's JSON (`path`: keys down to it).
        static func changed(_ value: JSONValue, _ path: [String], to new: JSONValue?) -> JSONValue {
            guard let key = path.first, case .object(var members) = value else { return new ?? .null }
            if let i = members.firstIndex(where: { $0.key == key }) {
                if path.count == 1, new == nil {
                    members.remove(at: i)
                } else {
                    members[i].value = changed(members[i].value, Array(path.dropFirst()), to: new)
                }
            } else if let new {
                members.append(JSONMember(key, new))
            }
            return .object(members)
        }

        @Test("an inclusion proof with a changed hash, line, index or size does not hold, saying what differs")
        func inclusionMismatches() throws {
            let proof = try Self.tree.inclusionProof(index: 4, size: 11)
            func mismatch(_ path: [String], _ value: JSONValue) throws -> String {
                guard case .inclusion(let read) = try ProofFile(parsing: Self.text(Self.changed(proof.json, path, to: value))) else {
                    Issue.record("not read as an inclusion proof")
                    return ""
                }
                let error = #expect(throws: ProofMismatch.self) { try read.check() }
                return error?.message ?? ""
            }
            var hashes = proof.path.map { JSONValue.string($0.hex) }
            hashes[1] = .string(String(repeating: "0", count: 64))
            #expect(try mismatch(["path"], .array(hashes)).contains("the path leads to root"))
            #expect(try mismatch(["checkpoint", "root"], .string(proof.path[0].hex)).contains("but the checkpoint's root is \(proof.path[0].hex)"))
            let line = proof.line.replacingOccurrences("first", "fixed")
            #expect(try mismatch(["line"], .string(line)).contains("from the line's leaf hash \(MerkleHash.leaf(Array(line.utf8)).hex)"))
            #expect(try mismatch(["index"], .number("5")).contains("the line's seq is '5', but index 5 is line 6"))
            #expect(try mismatch(["checkpoint", "size"], .number("8")).contains("the path has 4 hashes; index 4 in a tree of size 8 needs 3"))
            #expect(try mismatch(["checkpoint", "size"], .number("4")).contains("index 4 is not below the tree size 4"))

            // Line 1 must be the genesis the origin names.
            let first = try Self.tree.inclusionProof(index: 0, size: 11)
            let renamed = Self.changed(first.json, ["checkpoint", "origin"], to: .string("memberships/other"))
            guard case .inclusion(let read) = try ProofFile(parsing: Self.text(renamed)) else { return }
            let error = #expect(throws: ProofMismatch.self) { try read.check() }
            #expect(error?.message.contains("whose id the origin names ('other'); this line's id is 'genesis-1'") == true)
        }

        @Test("the root does not fix the size: leaf 4's path in the tree of 11 fits every tree of 9 to 16 leaves, so only a trusted checkpoint catches a changed size")
        func sizeNeedsTrustedCheckpoint() throws {
            let proof = try Self.tree.inclusionProof(index: 4, size: 11)
            let original = proof.checkpoint
            for size in [9, 10, 12, 13, 16] {
                let changed = Self.changed(proof.json, ["checkpoint", "size"], to: .number(String(size)))
                let read = try ProofFile(parsing: Self.text(changed))
                guard case .inclusion(let inclusion) = read else { return }
                try inclusion.check()
                let error = #expect(throws: ProofMismatch.self) { try read.requireCheckpoint(original) }
                #expect(error?.message == "the file states the tree of size \(size), but the trusted checkpoint is of size 11 (root \(original.root.hex))")
            }
            try ProofFile.inclusion(proof).requireCheckpoint(original)

            let consistency = ProofFile.consistency(try Self.tree.consistencyProof(from: 3, to: 11))
            try consistency.requireCheckpoint(try Self.tree.checkpoint(size: 3))
            try consistency.requireCheckpoint(original)
            let otherRoot = Checkpoint(genesis: original.genesis, size: 3, root: original.root)
            let rootError = #expect(throws: ProofMismatch.self) { try consistency.requireCheckpoint(otherRoot) }
            #expect(rootError?.message.contains("for the tree of size 3, but the trusted checkpoint's root is \(original.root.hex)") == true)
            let otherLog = Checkpoint(genesis: EventID("other"), size: 3, root: original.root)
            let logError = #expect(throws: ProofMismatch.self) { try consistency.requireCheckpoint(otherLog) }
            #expect(logError?.message.contains("but the trusted checkpoint is of 'memberships/other'") == true)
        }

        @Test("a consistency proof with a changed hash, root, size or origin does not hold, saying what differs")
        func consistencyMismatches() throws {
            let proof = try Self.tree.consistencyProof(from: 3, to: 11)
            func mismatch(_ path: [String], _ value: JSONValue) throws -> String {
                guard case .consistency(let read) = try ProofFile(parsing: Self.text(Self.changed(proof.json, path, to: value))) else {
                    Issue.record("not read as a consistency proof")
                    return ""
                }
                let error = #expect(throws: ProofMismatch.self) { try read.check() }
                return error?.message ?? ""
            }
            let zero = JSONValue.string(String(repeating: "0", count: 64))
            #expect(try mismatch(["from", "root"], zero).contains("the 'from' checkpoint's root is \(String(repeating: "0", count: 64))"))
            #expect(try mismatch(["to", "root"], zero).contains("the 'to' checkpoint's root is"))
            var hashes = proof.path.map { JSONValue.string($0.hex) }
            hashes[hashes.count - 1] = zero
            #expect(try mismatch(["path"], .array(hashes)).contains("the path gives the tree of size 11 the root"))
            #expect(try mismatch(["from", "size"], .number("0")).contains("proves nothing"))
            #expect(try mismatch(["from", "size"], .number("12")).contains("larger than the second"))
            #expect(try mismatch(["to", "origin"], .string("memberships/other")).contains("name different logs"))
            #expect(try mismatch(["to", "size"], .number("3")).contains("the path has"))
        }

        /// Files that are not proofs or checkpoints, and what the error must say.
        static let malformed: [(String, String)] = [
            ("{", "invalid JSON"),
            (#"{"kind":"inclusion"}"#, "missing key 'checkpoint'"),
            (#"{"kind":"inclusio"}"#, "did you mean 'inclusion'?"),
            (#"{"kind":7}"#, "'kind': must be a string, not a number"),
            (#"{"kind":"consistency","kind":"consistency"}"#, "'kind': the key appears 2 times"),
            (#"{"kind":"consistency","from":{"origin":"memberships/g","size":1,"root":"ROOT"},"to":{"origin":"memberships/g","size":1,"root":"ROOT"},"path":[],"extra":1}"#, "unknown key 'extra'"),
            (#"{"kind":"consistency","from":{"origin":"memberships/g","size":1,"root":"ROOT","sise":1},"to":{"origin":"memberships/g","size":1,"root":"ROOT"},"path":[]}"#, "unknown key 'from.sise' (did you mean 'size'?)"),
            (#"{"kind":"consistency","from":{"origin":"memberships/g","size":-1,"root":"ROOT"},"to":{},"path":[]}"#, "'from.size': must be a non-negative integer, not '-1'"),
            (#"{"kind":"consistency","from":{"origin":"memberships/g","size":1.5,"root":"ROOT"},"to":{},"path":[]}"#, "not '1.5'"),
            (#"{"kind":"consistency","from":{"origin":"memberships/g","size":99999999999999999999,"root":"ROOT"},"to":{},"path":[]}"#, "must be a non-negative integer"),
            (#"{"kind":"consistency","from":{"origin":"example.com/log","size":1,"root":"ROOT"},"to":{},"path":[]}"#, "'from.origin': 'example.com/log' is not memberships/<id of the genesis event>"),
            (#"{"kind":"consistency","from":{"origin":"memberships/g","size":1,"root":"ROOT"},"to":{"origin":"memberships/g","size":1,"root":"ROOT"},"path":["AB"]}"#, "'path[0]': 'AB' is not a SHA-256 hash"),
            (#"{"kind":"consistency","from":{"origin":"memberships/g","size":1,"root":"ROOT"},"to":{"origin":"memberships/g","size":1,"root":"ROOT"},"path":"x"}"#, "'path': must be an array"),
            (#"{"kind":"inclusion","checkpoint":{"origin":"memberships/g","size":1,"root":"ROOT"},"index":0,"line":7,"path":[]}"#, "'line': must be a string"),
            (#"{"kind":"inclusion","checkpoint":{"origin":"memberships/g","size":1,"root":"ROOT"},"index":0,"path":[]}"#, "missing key 'line'"),
            (#"{"kind":"inclusion","checkpoint":{"origin":"memberships/g","size":1},"index":0,"line":"","path":[]}"#, "missing key 'checkpoint.root'"),
            ("memberships/g\n1\n", "line"),
            ("memberships/g\r\n1\r\nROOT64\r\n", "\\r\\n"),
        ]

        @Test("a file that is not a proof or a checkpoint is refused, saying where", arguments: 0..<malformed.count)
        func malformedFiles(_ i: Int) throws {
            let root = MerkleHash.emptyRoot
            let text = Self.malformed[i].0.replacingOccurrences("ROOT64", Base64.encode(root.bytes))
                .replacingOccurrences("ROOT", root.hex)
            let error = #expect(throws: ProofFileError.self) { try ProofFile(parsing: Array(text.utf8)) }
            #expect(error?.description.contains(Self.malformed[i].1) == true, "\(String(describing: error))")
        }

        @Test("a signed checkpoint is split at its first blank line; its body is read as strictly as a checkpoint")
        func signed() throws {
            let body = try Self.tree.checkpoint(size: 11).text
            let signature = "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n"
            let read = try ProofFile(parsing: Array((body + "\n" + signature).utf8))
            guard case .signedCheckpoint(let signed) = read else {
                Issue.record("not read as a signed checkpoint: \(read)")
                return
            }
            #expect(signed.body == Array(body.utf8))
            #expect(signed.signature == Array(signature.utf8))
            #expect(signed.text == Array((body + "\n" + signature).utf8))
            #expect(try SignedCheckpoint(parsing: Array((body + "\n" + signature.dropLast()).utf8)).checkpoint == signed.checkpoint)

            let refused: [(String, Int?, String)] = [
                (body + "\n", 5, "nothing after the blank line"),
                (body + "\nsignature\n", 5, "does not start with '-----BEGIN SSH SIGNATURE-----'"),
                (body + "\n-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n", 6, "does not end with '-----END SSH SIGNATURE-----'"),
                (body.replacingOccurrences("\n11\n", "\n011\n") + "\n" + signature, 2, "leading zero"),
                ("memberships/g\n1\n\n" + signature, nil, "a checkpoint has 3 lines"),
            ]
            for (text, line, message) in refused {
                let error = #expect(throws: ProofFileError.self) { try ProofFile(parsing: Array(text.utf8)) }
                #expect(error?.line == line && error?.message.contains(message) == true, "\(String(describing: error)) for \(text)")
            }
        }
    }
}

extension String {
    /// Every `target` replaced by `replacement` (without Foundation).
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
