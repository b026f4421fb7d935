import Testing
import TestSupport
@testable import Ledger

extension MerkleTests {
    /// The 196 verifier cases of transparency-dev/merkle, through the shared
    /// conformance rule (`Tests/TestSupport/Conformance.swift`): required when
    /// `MEMBERSHIPS_CONFORMANCE` is set, else run only when
    /// `../shared/conformance` is beside the package.
    @Suite("transparency-dev/merkle verifier vectors", .enabled(if: Conformance.enabled))
    struct Vectors {
        @Test("the 98 inclusion cases come out as their wantErr says")
        func inclusion() throws {
            let cases = try MerkleVectors.cases("inclusion")
            #expect(cases.count == 98)
            for c in cases {
                #expect((c.outcome != .holds) == c.wantErr, "\(c.name) (\(c.desc)): \(c.outcome)")
            }
            #expect(cases.filter { !$0.wantErr }.count == 6)
        }

        @Test("the 98 consistency cases come out as their wantErr says")
        func consistency() throws {
            let cases = try MerkleVectors.cases("consistency")
            #expect(cases.count == 98)
            for c in cases {
                #expect((c.outcome != .holds) == c.wantErr, "\(c.name) (\(c.desc)): \(c.outcome)")
            }
            #expect(cases.filter { !$0.wantErr }.count == 6)
        }

        @Test("the refusals reach the verifier: only garbage hashes, short leaf hashes and a 2^64 − 1 index stop at decoding")
        func refusalsReachTheVerifier() throws {
            let cases = try MerkleVectors.cases("inclusion") + MerkleVectors.cases("consistency")
            var undecodable: [String] = []
            for c in cases {
                if case .undecodable(let why) = c.outcome { undecodable.append(why) }
            }
            #expect(undecodable.allSatisfy {
                $0 == "proof hash is 0 bytes, not 32" || $0.hasPrefix("leafHash is ") || $0.hasPrefix("leafIdx 18446744073709551615")
            }, "\(undecodable)")
            #expect(undecodable.count == 31)
        }
    }
}
