import Foundation
import Testing
@testable import Ledger

/// What the proof tests share: a small ledger, an RFC 9162 root computed apart from the
/// library's tree, proof JSON read and changed with Foundation, and rewriting a log.
enum Proofs {
    /// Seven more networks after `LedgerFixture.standardLines`: an 11-line ledger.
    static let moreLines = (1...7).map {
        #"{"id":"net-n\#($0)","type":"network","network":"n\#($0)","name":"Network \#($0)","kind":"network"}"#
    }

    /// A ledger of 11 lines (genesis, the standard three, seven networks) in `workspace`.
    static func smallLedger(in workspace: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> LedgerFixture {
        let fixture = try LedgerFixture.make(in: workspace, sourceLocation: sourceLocation)
        let appended = try fixture.run(["append"], stdin: Array(moreLines.map { $0 + "\n" }.joined().utf8),
                                       sourceLocation: sourceLocation)
        try #require(appended.succeeded, "\(appended)", sourceLocation: sourceLocation)
        return fixture
    }

    /// MTH of RFC 9162 §2.1.1 over `lines`, written out as the RFC's recursion.
    static func root(_ lines: ArraySlice<[UInt8]>) -> [UInt8] {
        switch lines.count {
        case 0: return SHA256.hash([UInt8]()).bytes
        case 1: return SHA256.hash([0x00] + lines.first!).bytes
        default:
            var k = 1
            while k * 2 < lines.count { k *= 2 }
            return SHA256.hash([0x01] + root(lines.prefix(k)) + root(lines.dropFirst(k))).bytes
        }
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// The checkpoint text of the first `size` of `lines`, made with Foundation's base64.
    static func checkpointText(genesis: String, _ lines: [[UInt8]], size: Int) -> String {
        "memberships/\(genesis)\n\(size)\n\(Data(root(lines.prefix(size))).base64EncodedString())\n"
    }

    /// The id of the genesis event on line 1.
    static func genesisID(_ lines: [[UInt8]]) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(lines[0])) as? [String: Any]
        return try #require(object?["id"] as? String)
    }

    /// A JSON object printed by the tool, as a dictionary.
    static func object(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any], "not a JSON object: \(text)", sourceLocation: sourceLocation)
    }

    /// `object` as JSON bytes.
    static func bytes(_ object: [String: Any]) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    /// Rewrites the log of `fixture` from line `k`: that line gets another note, and every
    /// later line the `prev` that chains to it — a rewrite that `verify` alone cannot see.
    static func rewrite(_ fixture: LedgerFixture, line k: Int) throws {
        let out = try LedgerFixture.rechained(try fixture.logBytes(), noting: "rewritten by hand", at: k)
        try Data(out).write(to: URL(fileURLWithPath: fixture.logPath))
    }
}
