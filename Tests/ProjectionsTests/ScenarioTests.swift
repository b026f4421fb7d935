import Foundation
import Testing
import Ledger
@testable import Projections

/// Every `Fixtures/X.events.jsonl` with its `X.expected.json`: the ledger is built from the
/// input events (genesis added as line 1, so input line k is seq k + 1) and each command's
/// `--format json` output must equal the expected one, key order included. Expected outputs
/// were worked out by hand from SPEC §4–§6; they leave out `head` (a hash is not worked out
/// by hand).
@Suite("Scenario fixtures")
struct ScenarioTests {
    /// One command of one scenario.
    struct Case: CustomTestStringConvertible, Sendable {
        var scenario: String
        var index: Int
        var command: String
        var testDescription: String { "\(scenario): \(command)" }
    }

    static let cases: [Case] = Fixtures.scenarios().flatMap { scenario -> [Case] in
        guard let data = try? Fixtures.data(scenario + ".expected.json"),
              case .array(let items)? = try? JSONReader.parse(Array(data)) else {
            return [Case(scenario: scenario, index: -1, command: "(unreadable expected.json)")]
        }
        return items.enumerated().map { Case(scenario: scenario, index: $0.offset,
                                             command: $0.element["command"]?.stringValue ?? "?") }
    }

    @Test("every scenario of the brief has a fixture")
    func scenariosPresent() {
        let present = Set(Fixtures.scenarios())
        for name in ["covenant-late", "compact-steps", "standard-after", "merger-renewal", "closure",
                     "suspension", "retraction", "correction-vintage", "precision", "same-day", "network-view"] {
            #expect(present.contains(name), "missing fixture \(name)")
        }
    }

    @Test("output equals the hand-derived expectation", arguments: cases)
    func expected(_ testCase: Case) throws {
        try #require(testCase.index >= 0, "\(testCase.scenario).expected.json is not readable JSON")
        let ledger = try TestLedger(input: try Fixtures.text(testCase.scenario + ".events.jsonl"))
        let data = try Fixtures.data(testCase.scenario + ".expected.json")
        guard case .array(let items) = try JSONReader.parse(Array(data)) else { return }
        let expected = try #require(items[testCase.index]["output"])
        let actual = Compare.comparable(try ViewRunner.run(testCase.command, on: ledger), like: expected)
        let difference = Compare.difference(actual, expected)
        #expect(difference == nil, "\(testCase.command): \(difference ?? "")")
    }
}
