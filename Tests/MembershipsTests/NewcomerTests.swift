import Foundation
import Testing
@testable import Ledger

/// What a newcomer trips over first: finding the id a correction's `--target` needs, seeing
/// the notes they recorded, a flag given twice, an output path that cannot be written. Each
/// case drives the built CLI and checks the message names the right thing, the exit status,
/// and that a rejection writes nothing.
@Suite("Newcomer: ids, notes, messages")
struct NewcomerTests {
    /// A standard ledger plus one event appended without an id (so it gets a generated one):
    /// returns the fixture, that event's seq and its id.
    static func withGenerated(_ dir: String, note: String? = nil) throws -> (LedgerFixture, seq: Int, id: String) {
        let fixture = try LedgerFixture.make(in: dir)
        let appended = try fixture.run(["append", "activity", "--member", "paris", "--network", "c40", "--date", "2015",
                                        "--title", "Climate week"] + (note.map { ["--note", $0] } ?? []))
        try #require(appended.succeeded, "\(appended)")
        let words = try #require(appended.stdout.split(separator: "\n").first { $0.hasPrefix("appended seq ") })
            .split(separator: " ").map(String.init)
        let seq = try #require(Int(words[2]))
        return (fixture, seq, words[4])
    }

    /// Runs `arguments` and checks a rejection: the status, each fragment on stderr, and the
    /// log byte for byte as it was.
    @discardableResult
    static func expectRejected(_ arguments: [String], in fixture: LedgerFixture, status: Int32, mentioning fragments: [String],
                               sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let before = try fixture.logBytes()
        let result = try fixture.run(arguments, sourceLocation: sourceLocation)
        #expect(result.status == status && !result.signaled, "\(arguments): expected exit \(status): \(result)",
                sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(result.stderr.contains(fragment), "\(arguments): stderr lacks \"\(fragment)\": \(result.stderr)",
                    sourceLocation: sourceLocation)
        }
        #expect(try fixture.logBytes() == before, "\(arguments): the log changed", sourceLocation: sourceLocation)
        return result
    }

    /// The `target` of the log's last line.
    static func lastTarget(_ fixture: LedgerFixture) throws -> String? {
        try fixture.objects().last?["target"] as? String
    }

    // MARK: - Ids

    @Test("text timeline and audit show each event's id, a generated one shortened; --wide and JSON show it whole")
    func idsShown() throws {
        try withTemporaryDirectory { dir in
            let (fixture, seq, id) = try Self.withGenerated(dir)
            #expect(id.count == 36, "a generated id: \(id)")
            let short = String(id.prefix(8)) + "…"
            let timeline = try fixture.run(["timeline"])
            #expect(timeline.succeeded, "\(timeline)")
            let row = try #require(timeline.stdout.split(separator: "\n").first { $0.contains("Climate week") })
            #expect(row.contains(short) && !row.contains(id), "\(row)")
            #expect(timeline.stdout.contains("paris-c40"), "a chosen id is shown whole: \(timeline.stdout)")
            let wide = try fixture.run(["timeline", "--wide"])
            #expect(wide.stdout.contains(id), "\(wide)")
            let json = try JSONSerialization.jsonObject(with: Data(try fixture.run(["timeline", "--format", "json"]).stdoutBytes))
            let rows = try #require((json as? [String: Any])?["rows"] as? [[String: Any]])
            #expect(rows.contains { $0["id"] as? String == id }, "\(rows)")

            let audit = try fixture.run(["audit", "--member", "paris", "--network", "c40"])
            let line = try #require(audit.stdout.split(separator: "\n").first { $0.hasPrefix("\(seq) ") })
            #expect(line.contains(short), "\(line)")
            #expect(audit.stdout.contains("paris-c40"), "\(audit.stdout)")
        }
    }

    @Test("--target and audit --event take seq:N, the shortened id as shown, or the start of an id")
    func targetBySeqOrShortID() throws {
        try withTemporaryDirectory { dir in
            let (fixture, seq, id) = try Self.withGenerated(dir)
            let bySeq = try fixture.run(["append", "correction", "--target", "seq:\(seq)", "--set", #"{"date":"2016"}"#,
                                         "--reason", "the programme says 2016"])
            #expect(bySeq.succeeded, "\(bySeq)")
            #expect(try Self.lastTarget(fixture) == id, "stored target is the full id")
            #expect(bySeq.stderr.contains("--target seq:\(seq) is the event \(id) (seq \(seq))"), "\(bySeq.stderr)")

            for given in [String(id.prefix(8)) + "…", String(id.prefix(10))] {
                let short = try fixture.run(["append", "correction", "--target", given, "--set", #"{"title":"Climate week \#(given.count)"}"#,
                                             "--reason", "renamed"])
                #expect(short.succeeded, "\(given): \(short)")
                #expect(try Self.lastTarget(fixture) == id, "\(given): stored target is the full id")
            }

            let audit = try fixture.run(["audit", "--event", "seq:\(seq)", "--format", "json"])
            #expect(audit.succeeded, "\(audit)")
            let json = try JSONSerialization.jsonObject(with: Data(audit.stdoutBytes))
            let rows = try #require((json as? [String: Any])?["rows"] as? [[String: Any]])
            #expect(rows.first?["id"] as? String == id, "\(rows)")
            #expect(rows.count == 4, "the event and its three corrections: \(rows.count)")
            let shortAudit = try fixture.run(["audit", "--event", String(id.prefix(8)) + "…"])
            #expect(shortAudit.succeeded && shortAudit.stdout.contains("Climate week"), "\(shortAudit)")
        }
    }

    @Test("a bare number, a seq of no line, seq:x and the start of several ids are refused, each saying why")
    func targetMistakes() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let correction = ["--set", #"{"date":"2006"}"#, "--reason", "typo"]
            let number = try Self.expectRejected(["append", "correction", "--target", "3"] + correction, in: fixture, status: 65,
                                                 mentioning: ["no event has the id '3'", "did you mean seq:3?", "(mem-paris)"])
            #expect(!number.stdout.contains("appended"), "\(number)")
            try Self.expectRejected(["audit", "--event", "3"], in: fixture, status: 65,
                                    mentioning: ["--event: no event has the id '3'", "did you mean seq:3?"])
            try Self.expectRejected(["append", "correction", "--target", "seq:40"] + correction, in: fixture, status: 64,
                                    mentioning: ["seq:40", "seq 1 to 4"])
            try Self.expectRejected(["audit", "--event", "seq:0"], in: fixture, status: 64, mentioning: ["seq 1 to 4"])
            try Self.expectRejected(["audit", "--event", "seq:x"], in: fixture, status: 64, mentioning: ["seq:N takes a whole number"])
            try fixture.writeInput("two.jsonl", lines: [
                #"{"id":"paris-c40-plan-2018","type":"milestone","member":"paris","network":"c40","date":"2018","milestone":"plan"}"#,
                #"{"id":"paris-c40-plan-2019","type":"milestone","member":"paris","network":"c40","date":"2019","milestone":"plan"}"#,
            ])
            #expect(try fixture.run(["append", "--file", dir + "/two.jsonl"]).succeeded)
            try Self.expectRejected(["append", "correction", "--target", "paris-c40-plan"] + correction, in: fixture, status: 64,
                                    mentioning: ["2 events have an id starting with it", "paris-c40-plan-2018 (seq 5)",
                                                 "paris-c40-plan-2019 (seq 6)", "seq:N"])
            // An id that is there is taken as it is, even when it starts others.
            let exact = try fixture.run(["append", "correction", "--target", "paris-c40"] + correction)
            #expect(exact.succeeded, "\(exact)")
            #expect(try Self.lastTarget(fixture) == "paris-c40")
        }
    }

    // MARK: - Notes and reasons

    @Test("a note is in timeline JSON and CSV, in text with --wide, in audit and in member; reasons are shown in full")
    func notesShown() throws {
        try withTemporaryDirectory { dir in
            let note = "from the council minutes, p. 4"
            let (fixture, _, id) = try Self.withGenerated(dir, note: note)
            let json = try JSONSerialization.jsonObject(with: Data(try fixture.run(["timeline", "--format", "json"]).stdoutBytes))
            let rows = try #require((json as? [String: Any])?["rows"] as? [[String: Any]])
            #expect(rows.first { $0["id"] as? String == id }?["note"] as? String == note, "\(rows)")
            #expect(rows.contains { $0["note"] is NSNull }, "a row without a note has note: null")
            #expect(try fixture.run(["timeline", "--format", "csv"]).stdout.contains(note))

            let text = try fixture.run(["timeline"])
            #expect(!text.stdout.contains(note), "text shows notes only with --wide")
            #expect(text.stdout.contains("--wide shows the note one event has"), "\(text.stdout)")
            let wide = try fixture.run(["timeline", "--wide"])
            let row = try #require(wide.stdout.split(separator: "\n").first { $0.contains("Climate week") })
            #expect(row.contains(note), "\(wide.stdout)")
            #expect(wide.stdout.split(separator: "\n").contains { $0.hasPrefix("DATE") && $0.hasSuffix("NOTE") })

            let audit = try fixture.run(["audit", "--event", id])
            #expect(audit.stdout.contains("NOTE") && audit.stdout.contains(note), "\(audit)")

            let member = try fixture.run(["append", "member", "--member", "oslo", "--name", "Oslo", "--kind", "city",
                                          "--note", "listed on the 2015 signatory page"])
            #expect(member.succeeded, "\(member)")
            let view = try fixture.run(["member", "oslo"])
            #expect(view.stdout.contains("note: listed on the 2015 signatory page"), "\(view)")
            let memberJSON = try JSONSerialization.jsonObject(with: Data(try fixture.run(["member", "oslo", "--format", "json"]).stdoutBytes))
            let memberRow = try #require(((memberJSON as? [String: Any])?["rows"] as? [[String: Any]])?.first)
            #expect(memberRow["note"] as? String == "listed on the 2015 signatory page", "\(memberRow)")

            let reason = "the programme of the week, published in March, dates it to 2016 — the press release that said 2015 was about the call for speakers"
            #expect(reason.count > 100)
            let corrected = try fixture.run(["append", "correction", "--target", id, "--set", #"{"date":"2016"}"#, "--reason", reason])
            #expect(corrected.succeeded, "\(corrected)")
            let trail = try fixture.run(["audit", "--event", id])
            #expect(trail.stdout.contains("reason: " + reason), "the reason is cut short: \(trail.stdout)")
        }
    }

    // MARK: - A flag given twice

    @Test("a flag given twice is a usage error naming it, for every command; --checkpoint may repeat")
    func flagTwice() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            try Self.expectRejected(["timeline", "--as-of", "2014", "--as-of", "2030"], in: fixture, status: 64,
                                    mentioning: ["--as-of is given twice", "'2014'", "'2030'"])
            try Self.expectRejected(["append", "membership", "--member", "paris", "--network", "c40", "--date", "2014", "--date=2030"],
                                    in: fixture, status: 64, mentioning: ["--date is given twice", "'2014'", "'2030'"])
            try Self.expectRejected(["export", "--log", "--log"], in: fixture, status: 64, mentioning: ["--log is given twice"])
            for command in ["init", "append", "verify", "repair", "snapshot", "timeline", "status", "network", "networks",
                            "member", "members", "audit", "import", "export", "report", "checkpoint", "prove", "check",
                            "merge-driver", "git-setup"] {
                try Self.expectRejected([command, "--ledger", fixture.root], in: fixture, status: 64,
                                        mentioning: ["--ledger is given twice"])
            }
            let globalTwice = try Binary.run(["--ledger", fixture.root, "--ledger", dir, "status"])
            #expect(globalTwice.status == 64 && globalTwice.stderr.contains("--ledger is given twice"), "\(globalTwice)")

            let checkpoint = try fixture.run(["checkpoint"])
            try #require(checkpoint.succeeded, "\(checkpoint)")
            let a = try fixture.writeInput("a.txt", checkpoint.stdoutBytes)
            let b = try fixture.writeInput("b.txt", checkpoint.stdoutBytes)
            let verify = try fixture.run(["verify", "--checkpoint", a, "--checkpoint", b])
            #expect(verify.succeeded, "\(verify)")
        }
    }

    // MARK: - Output paths

    @Test("an output path that is a directory, or in a missing folder, is named as given, before any work")
    func outputPaths() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let folder = dir + "/out"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
            for path in [folder + "/", folder] {
                let result = try Self.expectRejected(["report", "--html", path], in: fixture, status: 64,
                                                     mentioning: ["\(path) is a directory, not a file", "\(folder)/report.html"])
                #expect(!result.stderr.contains("Not a directory"), "\(result)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "nothing written in \(folder)")
            for arguments in [["report", "--html", dir + "/missing/r.html"], ["export", "--to", dir + "/missing/x.csv"],
                              ["export", "--log", "--to", dir + "/missing/x.csv"]] {
                let result = try Self.expectRejected(arguments, in: fixture, status: 74,
                                                     mentioning: ["cannot write \(arguments.last ?? "")", "\(dir)/missing does not exist"])
                #expect(!result.stderr.contains(".tmp-"), "names a temporary file: \(result)")
            }
            #expect(!FileManager.default.fileExists(atPath: dir + "/missing"))

            // Checked before the log is read: a log that cannot be replayed is not reached.
            var log = try fixture.logBytes()
            log += Array("{\"not\":\"an event\"}\n".utf8)
            try Data(log).write(to: URL(fileURLWithPath: fixture.logPath))
            #expect(try fixture.run(["report", "--html", dir + "/page.html"]).status == 65, "the damaged log is found")
            let first = try fixture.run(["report", "--html", dir + "/missing/r.html"])
            #expect(first.status == 74 && first.stderr.contains("missing/r.html"), "\(first)")
        }
    }
}
