import Foundation
import TestSupport
@testable import Ledger

/// The verifier cases of transparency-dev/merkle (`testdata/inclusion` and
/// `testdata/consistency`), read from the shared conformance folder — never
/// copied into this repository. Its README gives the format: one JSON object
/// per file, hashes in base64, and `wantErr`.
///
/// The cases are written for a verifier over byte strings of any length; ours
/// takes `SHA256Digest`s, so each case is first stated in our types:
///
/// - a leaf or path hash must be 32 bytes, else the case is `undecodable`
///   (the reference verifier also refuses a leaf hash of another length, and a
///   short path hash only ever appears as garbage in a path of the wrong length);
/// - a root that is not 32 bytes (12-byte "don't care" strings, empty ones)
///   stands in as SHA-256 of a label and its bytes. A root is only ever
///   compared, never hashed, so all that matters is kept: such a root is the
///   root of no tree, and two equal ones are equal. (SPEC §10's proofs cannot
///   carry such a root at all: `check` refuses it while reading hex.)
/// - a number beyond `Int` is `undecodable`.
enum MerkleVectors {
    /// What our verifier makes of a case.
    enum Outcome: Equatable, CustomStringConvertible {
        /// The proof holds.
        case holds
        /// The case cannot be stated in our types: a leaf or path hash that is
        /// not 32 bytes, a number beyond `Int`. Refused while decoding, as `check` would.
        case undecodable(String)
        /// The verifier refused it.
        case refused(ProofError)

        var description: String {
            switch self {
            case .holds: "holds"
            case .undecodable(let why): "undecodable: \(why)"
            case .refused(let error): "refused: \(error)"
            }
        }
    }

    /// One case file.
    struct Case {
        /// The path below `merkle/`, e.g. `inclusion/1/happy-path.json`.
        let name: String
        let desc: String
        let wantErr: Bool
        let outcome: Outcome
    }

    /// The folder of the vectors, or nil when the conformance data is optional and absent.
    static var folder: String? { Conformance.folder.map { $0 + "/merkle" } }

    /// Every case of `kind` (`inclusion` or `consistency`), sorted by name.
    static func cases(_ kind: String) throws -> [Case] {
        guard let folder else { throw Broken(description: "no conformance folder") }
        let root = folder + "/" + kind
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue,
              let walker = FileManager.default.enumerator(atPath: root) else { throw Broken(description: "Merkle vectors missing at \(root)") }
        let names = walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: root + "/" + name))
            let decoder = JSONDecoder()
            switch kind {
            case "inclusion":
                let c = try decoder.decode(InclusionCase.self, from: data)
                return Case(name: kind + "/" + name, desc: c.desc, wantErr: c.wantErr, outcome: try c.outcome())
            default:
                let c = try decoder.decode(ConsistencyCase.self, from: data)
                return Case(name: kind + "/" + name, desc: c.desc, wantErr: c.wantErr, outcome: try c.outcome())
            }
        }
    }

    /// The vectors are missing or a file is broken: a test failure, never a refusal.
    struct Broken: Error, CustomStringConvertible {
        let description: String
    }

    // MARK: - The two file formats

    private struct InclusionCase: Decodable {
        let leafIdx: UInt64
        let treeSize: UInt64
        let root: String
        let leafHash: String
        let proof: [String]?
        let desc: String
        let wantErr: Bool

        func outcome() throws -> Outcome {
            do {
                let proof = InclusionProof(index: try MerkleVectors.int(leafIdx, "leafIdx"), treeSize: try MerkleVectors.int(treeSize, "treeSize"),
                                           path: try (self.proof ?? []).map { try MerkleVectors.digest($0, "proof hash") })
                try proof.verify(leafHash: try MerkleVectors.digest(leafHash, "leafHash"), root: try MerkleVectors.root(root))
                return .holds
            } catch let error as ProofError {
                return .refused(error)
            } catch let error as Undecodable {
                return .undecodable(error.reason)
            }
        }
    }

    private struct ConsistencyCase: Decodable {
        let size1: UInt64
        let size2: UInt64
        let root1: String
        let root2: String
        let proof: [String]?
        let desc: String
        let wantErr: Bool

        func outcome() throws -> Outcome {
            do {
                let proof = ConsistencyProof(firstSize: try MerkleVectors.int(size1, "size1"), secondSize: try MerkleVectors.int(size2, "size2"),
                                             path: try (self.proof ?? []).map { try MerkleVectors.digest($0, "proof hash") })
                try proof.verify(firstRoot: try MerkleVectors.root(root1), secondRoot: try MerkleVectors.root(root2))
                return .holds
            } catch let error as ProofError {
                return .refused(error)
            } catch let error as Undecodable {
                return .undecodable(error.reason)
            }
        }
    }

    private struct Undecodable: Error {
        let reason: String
    }

    /// A base64 hash as a digest; the file is broken (a test failure, not a
    /// refusal) when the text is not base64 at all.
    private static func digest(_ base64: String, _ field: String) throws -> SHA256Digest {
        guard let data = Data(base64Encoded: base64) else { throw Broken(description: "\(field) is not base64: \(base64)") }
        guard data.count == 32 else { throw Undecodable(reason: "\(field) is \(data.count) bytes, not 32") }
        return SHA256Digest(uncheckedBytes: Array(data))
    }

    /// A base64 root as a digest, or the stand-in for one of another length.
    private static func root(_ base64: String) throws -> SHA256Digest {
        guard let data = Data(base64Encoded: base64) else { throw Broken(description: "root is not base64: \(base64)") }
        if data.count == 32 { return SHA256Digest(uncheckedBytes: Array(data)) }
        return SHA256.hash(Array("not a SHA-256 root:".utf8) + Array(data))
    }

    private static func int(_ value: UInt64, _ field: String) throws -> Int {
        guard let int = Int(exactly: value) else { throw Undecodable(reason: "\(field) \(value) is beyond Int") }
        return int
    }
}
