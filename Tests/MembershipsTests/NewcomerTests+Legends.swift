import Foundation
import Testing
@testable import Ledger

/// A newcomer's cases 2 and 8, through the command line: a policy's `applies` can be set at
/// append and corrected later; legends print only when a row carries their mark.
@Suite("Newcomer: applies and legends")
struct NewcomerLegendTests {
    /// C40 with Paris's membership (2005, from the standard lines) and Lyon's (2010~, uncertain
    /// until the end of 2010).
    func ledger(in dir: String) throws -> LedgerFixture {
        let fixture = try LedgerFixture.make(in: dir)
        let more = [
            #"{"id":"mem-lyon","type":"member","member":"lyon","name":"Lyon","kind":"city","country":"FR"}"#,
            #"{"id":"lyon-c40","type":"membership","member":"lyon","network":"c40","date":"2010~"}"#,
        ]
        let appended = try fixture.run(["append"], stdin: Array(more.joined(separator: "\n").utf8) + [0x0A])
        try #require(appended.succeeded, "\(appended)")
        return fixture
    }

    func statusOf(_ member: String, _ fixture: LedgerFixture, asOf: String) throws -> String? {
        let result = try fixture.run(["status", "--member", member, "--as-of", asOf, "--format", "json"])
        guard case .array(let rows)? = try JSONReader.parse(result.stdout)["rows"] else { return nil }
        return rows.first?["status"]?.stringValue
    }

    @Test("a policy with applies 'new' binds only later members; correcting applies to 'all' binds the existing ones")
    func appliesCorrected() throws {
        try withTemporaryDirectory { dir in
            let fixture = try ledger(in: dir)
            let policy = try fixture.run(["append", "policy", "--id", "pol", "--network", "c40", "--date", "2008",
                                          "--applies", "new", "--title", "Plans", "--rules", #"[{"milestone":"plan","within":12}]"#])
            try #require(policy.succeeded, "\(policy)")
            // Paris joined in 2005, before the policy: 'new' does not bind it.
            #expect(try statusOf("paris", fixture, asOf: "2012") == "no-obligations")
            let corrected = try fixture.run(["append", "correction", "--target", "pol", "--set", #"{"applies":"all"}"#,
                                             "--reason", "the policy binds every member"])
            #expect(corrected.succeeded, "\(corrected)")
            // Now the plan is due a year after the later of Paris's start and the standard: overdue by 2012.
            #expect(try statusOf("paris", fixture, asOf: "2012") == "overdue")
        }
    }

    @Test("a policy's applies must be 'new' or 'all'; a wrong one is refused and nothing is written")
    func appliesChecked() throws {
        try withTemporaryDirectory { dir in
            let fixture = try ledger(in: dir)
            let before = try fixture.logBytes()
            let result = try fixture.run(["append", "policy", "--network", "c40", "--date", "2008", "--applies", "everyone",
                                          "--title", "Plans", "--rules", #"[{"milestone":"plan","within":12}]"#])
            #expect(!result.succeeded)
            #expect(result.stderr.contains("applies"), "\(result.stderr)")
            #expect(try fixture.logBytes() == before)
        }
    }

    @Test("status prints the '? not certain' legend only when a row is not certain")
    func certaintyLegend() throws {
        try withTemporaryDirectory { dir in
            let fixture = try ledger(in: dir)
            let uncertain = try fixture.run(["status", "--as-of", "2010-06-30"])
            #expect(uncertain.stdout.contains("(? not certain as of 2010-06-30)"), "\(uncertain.stdout)")
            let certain = try fixture.run(["status", "--as-of", "2011"])
            #expect(certain.succeeded)
            #expect(!certain.stdout.contains("not certain"), "\(certain.stdout)")
            let parisOnly = try fixture.run(["status", "--member", "paris", "--as-of", "2010-06-30"])
            #expect(!parisOnly.stdout.contains("not certain"), "Paris's row is certain: \(parisOnly.stdout)")
        }
    }

    @Test("timeline prints the '* corrected' legend only when a row was corrected")
    func correctedLegend() throws {
        try withTemporaryDirectory { dir in
            let fixture = try ledger(in: dir)
            let plain = try fixture.run(["timeline", "--as-of", "2020"])
            #expect(plain.succeeded)
            #expect(!plain.stdout.contains("* corrected"), "\(plain.stdout)")
            let corrected = try fixture.run(["append", "correction", "--target", "paris-c40", "--set", #"{"date":"2006"}"#,
                                             "--reason", "joined in 2006"])
            try #require(corrected.succeeded, "\(corrected)")
            let after = try fixture.run(["timeline", "--as-of", "2020"])
            #expect(after.stdout.contains("* corrected"), "\(after.stdout)")
            let lyonOnly = try fixture.run(["timeline", "--member", "lyon", "--as-of", "2020"])
            #expect(!lyonOnly.stdout.contains("* corrected"), "Lyon's rows are not corrected: \(lyonOnly.stdout)")
        }
    }
}
