import Testing
@testable import Projections
import TestSupport

/// A commitment's milestones: the first few held in the commitment, any more in an array.
/// Both halves must answer as one list would, in the order first met.
@Suite("a commitment's milestones")
struct MilestonesTests {
    @Test("names met in turn, some again, past the ones held inline: each found with its first event and latest day")
    func againstAList() {
        var random = SplitMix64(seed: 41)
        for round in 0..<200 {
            var milestones = Commitment.Milestones(placeholder: -1)
            var list: [Commitment.Milestone] = []
            let names = Int32(1 + round % 9)
            for index in 0..<Int32.random(in: 0...30, using: &random) {
                let name = Int32.random(in: 0..<names, using: &random) * 7
                let latest = Int32.random(in: 0...5000, using: &random)
                milestones.add(name: name, first: index, latestDay: latest)
                if let k = list.firstIndex(where: { $0.name == name }) {
                    list[k].latestDay = max(list[k].latestDay, latest)
                } else {
                    list.append(Commitment.Milestone(name: name, first: index, latestDay: latest))
                }
            }
            #expect(milestones.count == list.count, "round \(round)")
            #expect(milestones.map(\.name) == list.map(\.name), "round \(round)")
            for milestone in list {
                let found = milestones.named(milestone.name)
                #expect(found?.first == milestone.first && found?.latestDay == milestone.latestDay, "round \(round)")
            }
            #expect(milestones.named(-5) == nil)
        }
    }
}
