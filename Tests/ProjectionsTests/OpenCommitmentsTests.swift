import Testing
import TestSupport
@testable import Projections

@Suite("the fold's table of open commitments")
struct OpenCommitmentsTests {
    /// Made small and grown, made for the pairs to come, and made for far fewer than come.
    @Test("random opens, ends, reopens and network-wide removals agree with a dictionary, however the table is sized",
          arguments: [(1, 0), (2, 0), (3, 0), (4, 30_000), (5, 100)])
    func againstDictionary(seed: UInt64, expecting: Int) {
        var random = SplitMix64(seed: seed)
        var table = OpenCommitments(expecting: expecting)
        var model: [Int32: [Int32: Int32]] = [:]
        // Few networks and many members, as in a ledger; handles may coincide (a member and a
        // network with the same slug share one).
        for step in 0..<40_000 {
            let member = Int32.random(in: 0..<3_000, using: &random), network = Int32.random(in: 0..<12, using: &random)
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<55:
                table[member, network] = Int32(step)
                model[network, default: [:]][member] = Int32(step)
            case 55..<90:
                table[member, network] = nil
                model[network]?[member] = nil
            case 90..<99:
                #expect(table[member, network] == model[network]?[member], "step \(step)")
            default:
                let removed = table.removeAll(of: network)
                let expected = (model.removeValue(forKey: network) ?? [:]).sorted { $0.key < $1.key }
                #expect(removed.map(\.member) == expected.map(\.key), "step \(step)")
                #expect(removed.map(\.commitment) == expected.map(\.value), "step \(step)")
            }
        }
        for network in Int32(0)..<12 {
            let members = table.members(of: network).sorted { $0.member < $1.member }
            let expected = (model[network] ?? [:]).sorted { $0.key < $1.key }
            #expect(members.map(\.member) == expected.map(\.key))
            #expect(members.map(\.commitment) == expected.map(\.value))
            for member in Int32(0)..<3_000 where table[member, network] != model[network]?[member] {
                Issue.record("member \(member) in network \(network)")
                break
            }
        }
    }
}
