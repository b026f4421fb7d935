import Foundation
import Testing
@testable import Ledger

/// A status row says what decided it (issue: "status rows contradict themselves"): the text
/// view's BASIS column, and rules a recognition supersedes shown as "not recorded" instead
/// of alarms, while JSON keeps `met`/`overdue` as judged and `basis` as SPEC §6 has it.
@Suite("Status basis")
struct StatusBasisTests {
    /// C40 with a policy (inventory within 12 months, plan within 24) for all members;
    /// (a year-precision start counts from its latest day, 2005-12-31). Paris (2005) recognised in 2010 with no milestone; Lyon (2005) with both milestones
    /// on time; Nice (2005) with none.
    static let lines = LedgerFixture.standardLines + [
        #"{"id":"mem-lyon","type":"member","member":"lyon","name":"Lyon","kind":"city","country":"FR"}"#,
        #"{"id":"mem-nice","type":"member","member":"nice","name":"Nice","kind":"city","country":"FR"}"#,
        #"{"id":"lyon-c40","type":"membership","member":"lyon","network":"c40","date":"2005"}"#,
        #"{"id":"nice-c40","type":"membership","member":"nice","network":"c40","date":"2005"}"#,
        #"{"id":"pol","type":"policy","network":"c40","date":"2005","applies":"all","title":"Plans","rules":[{"milestone":"inventory","within":12},{"milestone":"plan","within":24}]}"#,
        #"{"id":"paris-rec","type":"recognition","member":"paris","network":"c40","date":"2010","badge":"gold"}"#,
        #"{"id":"lyon-inv","type":"milestone","member":"lyon","network":"c40","date":"2006-03","milestone":"inventory"}"#,
        #"{"id":"lyon-plan","type":"milestone","member":"lyon","network":"c40","date":"2007-06","milestone":"plan"}"#,
    ]

    func items(_ value: JSONValue?) -> [JSONValue]? {
        if case .array(let items) = value { return items }
        return nil
    }

    func withLedger(_ body: (LedgerFixture) throws -> Void) throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir, standard: false)
            let appended = try fixture.run(["append"], stdin: Array(Self.lines.joined(separator: "\n").utf8) + [0x0A])
            try #require(appended.succeeded, "\(appended)")
            try body(fixture)
        }
    }

    /// The text row of `member`, split on runs of two or more spaces.
    func row(_ text: String, member: String) -> [String]? {
        text.split(separator: "\n").map(String.init).first { $0.hasPrefix(member + " ") }.map { line in
            line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    @Test("text status names the basis: recognition, rules or none")
    func basisColumn() throws {
        try withLedger { fixture in
            let result = try fixture.run(["status", "--as-of", "2012"])
            #expect(result.succeeded, "\(result)")
            #expect(result.stdout.contains("BASIS"))
            let paris = try #require(row(result.stdout, member: "paris"))
            let lyon = try #require(row(result.stdout, member: "lyon"))
            let nice = try #require(row(result.stdout, member: "nice"))
            #expect(paris.contains("recognition"), "\(paris)")
            #expect(lyon.contains("rules"), "\(lyon)")
            #expect(nice.contains("none"), "\(nice)")
            #expect(nice.contains("overdue"), "\(nice)")
        }
    }

    @Test("under a recognition, unmet rules read 'not recorded', never OVERDUE; without one they stay alarms")
    func supersededRules() throws {
        try withLedger { fixture in
            let result = try fixture.run(["status", "--as-of", "2012"])
            let paris = try #require(row(result.stdout, member: "paris")).joined(separator: " ")
            #expect(paris.contains("inventory not recorded"), "\(paris)")
            #expect(paris.contains("plan not recorded"), "\(paris)")
            #expect(!paris.contains("OVERDUE"), "\(paris)")
            let nice = try #require(row(result.stdout, member: "nice")).joined(separator: " ")
            #expect(nice.contains("inventory due 2006-12-31 OVERDUE"), "\(nice)")
            #expect(result.stdout.contains("(not recorded: "), "the legend explains the words it uses")
        }
    }

    @Test("the 'not recorded' legend prints only when a row uses the words")
    func legendOnlyWhenUsed() throws {
        try withLedger { fixture in
            let result = try fixture.run(["status", "--as-of", "2012", "--member", "lyon"])
            #expect(result.succeeded, "\(result)")
            #expect(!result.stdout.contains("not recorded"), "\(result.stdout)")
        }
    }

    @Test("JSON keeps the judged rules and basis: null when nothing decided compliance")
    func jsonUnchanged() throws {
        try withLedger { fixture in
            let result = try fixture.run(["status", "--as-of", "2012", "--format", "json"])
            let json = try JSONReader.parse(result.stdout)
            let rows = try #require(items(json["rows"]))
            let paris = try #require(rows.first { $0["member"]?.stringValue == "paris" })
            #expect(paris["basis"]?.stringValue == "recognition")
            let parisRules = try #require(items(paris["rules"]))
            #expect(parisRules.count == 2)
            #expect(parisRules.allSatisfy { $0["met"] == .bool(false) && $0["overdue"] == .bool(true) })
            let nice = try #require(rows.first { $0["member"]?.stringValue == "nice" })
            #expect(nice["basis"] == .null)
            #expect(nice["status"]?.stringValue == "overdue")
            let lyon = try #require(rows.first { $0["member"]?.stringValue == "lyon" })
            #expect(lyon["basis"]?.stringValue == "rules")
        }
    }
}
