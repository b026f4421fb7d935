import Testing
import TestSupport
@testable import Ledger

@Suite("the commitment fold")
struct CommitmentFoldTests {
    private static let member = MemberID("lyon")

    private func mark(_ seq: Int, _ type: EventType, _ network: String, day: Int32) -> LedgerIndex.Mark {
        LedgerIndex.Mark(seq: seq, type: type, earliest: Day(ordinal: day), latest: Day(ordinal: day), into: nil,
                         network: NetworkID(network))
    }

    private func problem(_ marks: [LedgerIndex.Mark], through: Int = .max) -> String? {
        CommitmentFold.firstProblem(member: Self.member, marks: marks.sorted { $0.order < $1.order }, endings: [],
                                    through: through)
            .map { "line \($0.mark.seq): " + $0.describe(newSeq: $0.mark.seq, member: Self.member) }
    }

    /// A start in each of seven networks (more than the fold keeps in place), a suspension
    /// in the sixth and the seventh, the seventh reinstated, the first withdrawn and an
    /// eighth joined in its place.
    private var sevenNetworks: [LedgerIndex.Mark] {
        var marks = (1...7).map { mark($0, .membership, "n\($0)", day: 100 + Int32($0)) }
        marks.append(mark(8, .suspension, "n6", day: 200))
        marks.append(mark(9, .suspension, "n7", day: 201))
        marks.append(mark(10, .reinstatement, "n7", day: 202))
        marks.append(mark(11, .withdrawal, "n1", day: 203))
        marks.append(mark(12, .selection, "n8", day: 204))
        return marks
    }

    @Test("a member in eight networks: each commitment is folded on its own")
    func manyNetworks() {
        let marks = sevenNetworks
        #expect(problem(marks) == nil)
        #expect(problem(marks + [mark(13, .milestone, "n8", day: 210), mark(14, .milestone, "n5", day: 211)]) == nil)
        // Each network's own state, whichever place it has in the fold.
        #expect(problem(marks + [mark(13, .milestone, "n1", day: 210)])?.hasPrefix("line 13: lyon has no commitment in n1 open") == true)
        #expect(problem(marks + [mark(13, .suspension, "n6", day: 210)])?.hasPrefix("line 13: lyon's commitment in n6 is already suspended") == true)
        #expect(problem(marks + [mark(13, .reinstatement, "n7", day: 210)])?.hasPrefix("line 13: lyon's commitment in n7 is not suspended") == true)
        #expect(problem(marks + [mark(13, .reinstatement, "n6", day: 210), mark(14, .suspension, "n7", day: 211)]) == nil)
        #expect(problem(marks + [mark(13, .withdrawal, "n8", day: 210), mark(14, .milestone, "n8", day: 211)])?.hasPrefix("line 14: lyon has no commitment in n8") == true)
        #expect(problem(marks + [mark(13, .milestone, "n9", day: 210)])?.hasPrefix("line 13: lyon has no commitment in n9") == true)
        // Only the lines up to `through` count.
        #expect(problem(marks + [mark(13, .milestone, "n8", day: 150)]) != nil, "dated before n8's selection")
        #expect(problem(marks + [mark(13, .milestone, "n1", day: 210)], through: 12) == nil)
    }

    @Test("one mark added in its place folds as the same list with it inserted", arguments: 0..<150)
    func adding(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        let types: [EventType] = [.membership, .signature, .selection, .withdrawal, .suspension, .reinstatement,
                                  .milestone, .recognition, .activity]
        let count = Int.random(in: 1...14, using: &random)
        let marks = (1...count).map { seq in
            mark(seq, types.randomElement(using: &random)!, "n\(Int.random(in: 1...6, using: &random))",
                 day: Int32.random(in: 0...20, using: &random))
        }.sorted { $0.order < $1.order }
        for k in marks.indices {
            var rest = marks
            let extra = rest.remove(at: k)
            for through in [Int.max, Int.random(in: 1...count, using: &random)] {
                let whole = CommitmentFold.firstProblem(member: Self.member, marks: marks, endings: [], through: through)
                let added = CommitmentFold.firstProblem(member: Self.member, marks: rest, adding: extra, endings: [],
                                                        through: through)
                #expect(whole?.mark == added?.mark)
                #expect(whole.map { $0.describe(newSeq: 0, member: Self.member) }
                    == added.map { $0.describe(newSeq: 0, member: Self.member) })
            }
        }
    }
}
