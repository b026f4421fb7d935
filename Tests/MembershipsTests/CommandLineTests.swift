import Foundation
import Testing
@testable import Ledger

/// End-to-end runs of the built `memberships` executable: exit status, stdout, stderr,
/// and the bytes it leaves in the log (SPEC §2, §6).
@Suite("memberships, end to end")
struct CommandLineTests {
    // MARK: - init

    @Test("init creates a ledger holding only the genesis event, and prints its head")
    func initCreatesLedger() throws {
        try withTemporaryDirectory { dir in
            let root = dir + "/paris"
            let result = try Binary.run(["init", root, "--name", "Paris climate office"])
            #expect(result.succeeded, "\(result)")
            #expect(result.stderr.isEmpty)
            let fixture = LedgerFixture(workspace: dir, root: root)
            try fixture.expectReceipt(result)
            #expect(result.head?.seq == 1)
            let objects = try fixture.objects()
            try #require(objects.count == 1)
            #expect(objects[0]["seq"] as? Int == 1)
            #expect(objects[0]["type"] as? String == "ledger")
            #expect(objects[0]["format"] as? Int == 1)
            #expect(objects[0]["name"] as? String == "Paris climate office")
            #expect(objects[0]["prev"] as? String == String(repeating: "0", count: 64))
            let bytes = try fixture.logBytes()
            #expect(bytes.last == 0x0A)
            #expect(!bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            #expect(String(decoding: bytes, as: UTF8.self).hasPrefix(#"{"seq":1,"id":""#), "canonical key order")
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: root + "/Snapshots", isDirectory: &isDirectory) && isDirectory.boolValue)
            // And it verifies.
            let verify = try Binary.run(["--ledger", root, "verify"])
            #expect(verify.succeeded, "\(verify)")
        }
    }

    @Test("init on a directory that already holds a ledger is refused and changes nothing")
    func initRefusesExisting() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let before = try fixture.logBytes()
            let again = try Binary.run(["init", fixture.root, "--name", "Other"])
            #expect(again.status == 64, "\(again)")
            #expect(again.stderr.contains("already exists"), "\(again)")
            #expect(try fixture.logBytes() == before)
        }
    }

    @Test("init without --name is a usage error (64)")
    func initNeedsName() throws {
        try withTemporaryDirectory { dir in
            let result = try Binary.run(["init", dir + "/x"])
            #expect(result.status == 64, "\(result)")
            #expect(result.stderr.contains("--name"))
            #expect(!FileManager.default.fileExists(atPath: dir + "/x/Events/ledger.jsonl"))
        }
    }

    // MARK: - append

    @Test("append --file writes the events in order, one line each, and prints the head as a receipt")
    func appendFromFile() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir, standard: false)
            let path = try fixture.writeInput("events.jsonl", lines: LedgerFixture.standardLines)
            let result = try fixture.run(["append", "--file", path])
            #expect(result.succeeded, "\(result)")
            try fixture.expectReceipt(result)
            #expect(result.head?.seq == 4)
            for (seq, id) in [(2, "net-c40"), (3, "mem-paris"), (4, "paris-c40")] {
                #expect(result.stdout.contains("appended seq \(seq) id \(id)"), "\(result.stdout)")
            }
            let objects = try fixture.objects()
            #expect(objects.map { $0["seq"] as? Int } == [1, 2, 3, 4])
            #expect(objects.dropFirst().map { $0["id"] as? String } == ["net-c40", "mem-paris", "paris-c40"])
            #expect(objects.dropFirst().map { $0["type"] as? String } == ["network", "member", "membership"])
            // prev chains each line to the one before it.
            let lines = try fixture.lines()
            for index in 1..<lines.count {
                #expect(objects[index]["prev"] as? String == SHA256.hash(lines[index - 1]).hex)
            }
            #expect(try fixture.run(["verify"]).succeeded)
        }
    }

    @Test("append reads JSON lines from stdin (blank lines and CRLF accepted)")
    func appendFromStdin() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir, standard: false)
            let input = LedgerFixture.standardLines[0] + "\r\n\n" + LedgerFixture.standardLines[1] + "\n"
            let result = try fixture.run(["append"], stdin: Array(input.utf8))
            #expect(result.succeeded, "\(result)")
            try fixture.expectReceipt(result)
            #expect(result.head?.seq == 3)
            let bytes = try fixture.logBytes()
            #expect(!bytes.contains(0x0D), "the ledger never writes CR")
            #expect(try fixture.objects().map { $0["id"] as? String }.dropFirst() == ["net-c40", "mem-paris"])
        }
    }

    @Test("append --format json reports the head, what was appended and what already existed")
    func appendJSONReport() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir, standard: false)
            let path = try fixture.writeInput("a.jsonl", lines: Array(LedgerFixture.standardLines.prefix(2)))
            #expect(try fixture.run(["append", "--file", path]).succeeded)
            let both = try fixture.writeInput("b.jsonl", lines: LedgerFixture.standardLines)
            let result = try fixture.run(["append", "--file", both, "--format", "json"])
            #expect(result.succeeded, "\(result)")
            let json = try JSONReader.parse(result.stdout)
            guard case .object(let members) = json else { Issue.record("not an object: \(result.stdout)"); return }
            #expect(members.map(\.key) == ["head", "appended", "existing"])
            #expect(json["head"]?["seq"]?.int64Value == 4)
            let lastLine = try #require(try fixture.lines().last)
            #expect(json["head"]?["hash"]?.stringValue == SHA256.hash(lastLine).hex)
            guard case .array(let appended)? = json["appended"], case .array(let existing)? = json["existing"] else {
                Issue.record("appended/existing are not arrays"); return
            }
            #expect(appended.map { $0["id"]?.stringValue } == ["paris-c40"])
            #expect(appended.map { $0["seq"]?.int64Value } == [4])
            #expect(existing.map { $0["id"]?.stringValue } == ["net-c40", "mem-paris"])
            #expect(existing.map { $0["seq"]?.int64Value } == [2, 3])
        }
    }

    /// One `append TYPE --flags…` per event type (the first word is the type), with the
    /// canonical fragments its line must hold.
    private static let flagEvents: [(arguments: [String], type: String, expect: [String])] = [
        (["network", "--id", "net-c40", "--network", "c40", "--name", "C40 Cities", "--kind", "network",
          "--founded", "2005-10", "--managed-by", "C40 secretariat", "--url", "https://www.c40.org"],
         "network", [#""network":"c40","name":"C40 Cities","kind":"network","founded":"2005-10","managedBy":"C40 secretariat","url":"https://www.c40.org""#]),
        (["network", "--network", "covenant-of-mayors", "--name", "Covenant of Mayors", "--kind", "pact"],
         "network", [#""network":"covenant-of-mayors""#]),
        (["network", "--network", "100rc", "--name", "100 Resilient Cities", "--kind", "programme"],
         "network", [#""kind":"programme""#]),
        (["member", "--member", "paris", "--name", "Paris", "--kind", "city", "--country", "FR",
          "--population", "2113705"],
         "member", [#""member":"paris","name":"Paris","kind":"city","country":"FR","population":2113705"#]),
        (["membership", "--id", "paris-c40", "--member", "paris", "--network", "c40", "--date", "2005~",
          "--role", "megacity"],
         "membership", [#""member":"paris","network":"c40","date":"2005~","role":"megacity""#]),
        (["signature", "--member", "paris", "--network", "covenant-of-mayors", "--date", "2009-02-10",
          "--source", "EC press release IP/09/238"],
         "signature", [#""date":"2009-02-10","source":"EC press release IP/09/238""#]),
        (["selection", "--id", "paris-100rc", "--member", "paris", "--network", "100rc", "--date", "2014-12",
          "--cohort", "second"],
         "selection", [#""date":"2014-12","cohort":"second""#]),
        (["policy", "--network", "covenant-of-mayors", "--date", "2009", "--applies", "new",
          "--title", "Covenant commitments",
          "--rules", #"[{"within":12,"milestone":"plan"},{"milestone":"inventory","by":"2011"}]"#,
          "--every", #"[{"after":"plan","milestone":"report","months":24}]"#, "--badge", "compliant"],
         "policy", [#""network":"covenant-of-mayors","date":"2009","applies":"new","title":"Covenant commitments","rules":[{"milestone":"plan","within":12},{"milestone":"inventory","by":"2011"}],"every":[{"milestone":"report","months":24,"after":"plan"}],"badge":"compliant""#]),
        (["milestone", "--member", "paris", "--network", "covenant-of-mayors", "--date", "2009-11",
          "--milestone", "plan", "--note", "Plan Climat"],
         "milestone", [#""milestone":"plan","note":"Plan Climat""#]),
        (["recognition", "--member", "paris", "--network", "c40", "--date", "2016", "--badge", "Deadline 2020"],
         "recognition", [#""badge":"Deadline 2020""#]),
        (["activity", "--id", "cop21", "--member", "paris", "--date", "2015-11-30/2015-12-12",
          "--title", "COP21 host city — «Accord de Paris»"],
         "activity", [#""date":"2015-11-30/2015-12-12","title":"COP21 host city — «Accord de Paris»""#]),
        (["correction", "--target", "paris-100rc", "--set", #"{"note":"announced","date":"2014-12-03"}"#,
          "--reason", "second cohort, announced 2014-12-03"],
         "correction", [#""target":"paris-100rc","set":{"date":"2014-12-03","note":"announced"},"reason":"second cohort, announced 2014-12-03""#]),
        (["rename", "--network", "c40", "--name", "C40 Cities Climate Leadership Group", "--date", "2006"],
         "rename", [#""network":"c40","name":"C40 Cities Climate Leadership Group","date":"2006""#]),
        (["retraction", "--target", "cop21", "--reason", "not a commitment"],
         "retraction", [#""target":"cop21","reason":"not a commitment""#]),
        (["withdrawal", "--member", "paris", "--network", "100rc", "--date", "2019-07"],
         "withdrawal", [#""member":"paris","network":"100rc","date":"2019-07""#]),
    ]

    @Test("append TYPE --flags writes one event of each type, in canonical form, each with a receipt")
    func appendFromFlags() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir, standard: false)
            for (index, event) in Self.flagEvents.enumerated() {
                let result = try fixture.run(["append"] + event.arguments)
                try #require(result.succeeded, "append \(event.type): \(result)")
                try fixture.expectReceipt(result)
                #expect(result.head?.seq == index + 2)
                let line = String(decoding: try #require(try fixture.lines().last), as: UTF8.self)
                #expect(line.hasPrefix("{\"seq\":\(index + 2),\"id\":\""), "\(line)")
                #expect(line.contains("\"type\":\"\(event.type)\",\"recorded\":\""), "\(line)")
                for fragment in event.expect {
                    #expect(line.contains(fragment), "line \(index + 2) lacks \(fragment): \(line)")
                }
                #expect(line.hasSuffix("\"prev\":\"" + SHA256.hash(try fixture.lines().dropLast().last!).hex + "\"}"))
            }
            let verify = try fixture.run(["verify"])
            #expect(verify.succeeded, "\(verify)")
        }
    }

    @Test("append TYPE without a required flag is a usage error (64) naming the flag, and writes nothing")
    func appendFromFlagsMissingField() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let before = try fixture.logBytes()
            let result = try fixture.run(["append", "membership", "--member", "paris", "--network", "c40"])
            #expect(result.status == 64, "\(result)")
            #expect(result.stderr.hasPrefix("memberships: "), "\(result.stderr)")
            #expect(result.stderr.contains("append membership needs --date"), "\(result.stderr)")
            #expect(try fixture.logBytes() == before)
        }
    }

    @Test("a flag value that reads like an option (-h, --help, --ledger) is the value, not the option")
    func optionLikeValues() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            for title in ["-h", "--help", "--ledger"] {
                let result = try fixture.run(["append", "activity", "--member", "paris", "--date", "2015",
                                              "--title", title, "--note", "title given as \(title)"])
                #expect(result.succeeded, "--title \(title): \(result)")
                #expect(result.head != nil, "--title \(title): no receipt, so nothing was appended: \(result.stdout.prefix(200))")
                let last = String(decoding: try #require(try fixture.lines().last), as: UTF8.self)
                #expect(last.contains(#""title":"\#(title)""#), "--title \(title): \(last)")
            }
        }
    }

    @Test("a log written by another conforming tool (any key order, spaces, escapes, CRLF) verifies and takes appends")
    func foreignLog() throws {
        try withTemporaryDirectory { dir in
            let root = dir + "/foreign"
            try FileManager.default.createDirectory(atPath: root + "/Events", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: root + "/Snapshots", withIntermediateDirectories: true)
            // Written by hand: keys in another order, spaces after ':' and ',', \u escapes,
            // an escaped '/', CRLF line ends, and a `recorded` in the future.
            let bodies = [
                #"{"type": "ledger", "prev": "PREV", "seq": 1, "id": "g", "recorded": "2026-01-01T00:00:00Z", "name": "Other tool", "format": 1}"#,
                #"{"prev": "PREV", "name": "C40 Cities", "kind": "network", "network": "c40", "type": "network", "id": "n", "seq": 2, "recorded": "2026-01-01T00:00:00Z"}"#,
                #"{"id": "m", "seq": 3, "type": "member", "recorded": "2099-01-02T00:00:00Z", "member": "paris", "name": "Paris \u00e9t\u00e9 \/ 2024", "kind": "city", "prev": "PREV"}"#,
            ]
            var bytes: [UInt8] = []
            var prev = String(repeating: "0", count: 64)
            for body in bodies {
                let line = Array(body.replacingOccurrences(of: "PREV", with: prev).utf8)
                bytes += line + [0x0D, 0x0A]
                prev = SHA256.hash(line).hex
            }
            try Data(bytes).write(to: URL(fileURLWithPath: root + "/Events/ledger.jsonl"))
            let fixture = LedgerFixture(workspace: dir, root: root)

            let verify = try fixture.run(["verify"])
            #expect(verify.succeeded, "\(verify)")
            #expect(verify.head?.seq == 3)
            #expect(verify.head?.hash == prev, "the head hashes the line without its CRLF")

            // The same member, as a client would send it: already there, nothing written.
            let same = try fixture.run(["append"], stdin: Array(#"{"id":"m","type":"member","member":"paris","name":"Paris été / 2024","kind":"city"}"#.utf8))
            #expect(same.succeeded, "\(same)")
            #expect(try fixture.logBytes() == bytes)

            let result = try fixture.run(["append", "membership", "--id", "pc", "--member", "paris", "--network", "c40",
                                          "--date", "2005"])
            #expect(result.succeeded, "\(result)")
            let after = try fixture.logBytes()
            #expect(samePrefix(after, bytes, count: bytes.count), "the foreign lines are kept as they were")
            let added = String(decoding: after.dropFirst(bytes.count), as: UTF8.self)
            #expect(added.hasSuffix("\n") && !added.hasSuffix("\r\n"), "the ledger writes LF")
            #expect(added.contains(#""prev":"\#(prev)""#), "prev is the hash of the line before, without CRLF")
            #expect(added.contains(#""recorded":"2099-01-02T00:00:00Z""#), "recorded never decreases along the log: \(added)")
            #expect(result.head?.hash == SHA256.hash(Array(added.utf8.dropLast())).hex)
            let again = try fixture.run(["verify"])
            #expect(again.succeeded, "\(again)")
        }
    }

    // MARK: - verify

    @Test("verify on a sound log: exit 0, 'ok' and the head on stdout")
    func verifyText() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let result = try fixture.run(["verify"])
            #expect(result.succeeded, "\(result)")
            #expect(result.stdout.contains("ok: 4 events"), "\(result.stdout)")
            #expect(result.stderr.isEmpty)
            try fixture.expectReceipt(result)
        }
    }

    @Test("verify --format json has exactly the keys ok, events, head{seq,hash}, problems")
    func verifyJSON() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let result = try fixture.run(["verify", "--format", "json"])
            #expect(result.succeeded, "\(result)")
            let json = try JSONReader.parse(result.stdout)
            guard case .object(let members) = json else { Issue.record("not an object: \(result.stdout)"); return }
            #expect(members.map(\.key) == ["ok", "events", "head", "problems"])
            #expect(json["ok"] == .bool(true))
            #expect(json["events"]?.int64Value == 4)
            guard case .object(let head)? = json["head"] else { Issue.record("head is not an object"); return }
            #expect(head.map(\.key) == ["seq", "hash"])
            #expect(json["head"]?["seq"]?.int64Value == 4)
            #expect(json["head"]?["hash"]?.stringValue == SHA256.hash(try fixture.lines().last!).hex)
            #expect(json["problems"] == .array([]))
        }
    }

    @Test("verify finds a changed byte: exit 65, FILE:LINE: message, and JSON problems with line and message")
    func verifyFindsTampering() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            // Someone edits line 2 in place: "C40 Cities" becomes "C41 Cities".
            var bytes = try fixture.logBytes()
            let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "C40 Cities", with: "C41 Cities")
            bytes = Array(text.utf8)
            try Data(bytes).write(to: URL(fileURLWithPath: fixture.logPath))

            let plain = try fixture.run(["verify"])
            #expect(plain.status == 65, "\(plain)")
            #expect(plain.stderr.contains("Events/ledger.jsonl:3: "), "\(plain.stderr)")
            #expect(plain.stderr.contains("hash chain"), "\(plain.stderr)")

            let result = try fixture.run(["verify", "--format", "json"])
            #expect(result.status == 65, "\(result)")
            let json = try JSONReader.parse(result.stdout)
            guard case .object(let members) = json else { Issue.record("not an object: \(result.stdout)"); return }
            #expect(members.map(\.key) == ["ok", "events", "head", "problems"])
            #expect(json["ok"] == .bool(false))
            #expect(json["events"]?.int64Value == 4)
            #expect(json["head"]?["hash"]?.stringValue == SHA256.hash(try fixture.lines().last!).hex)
            guard case .array(let problems)? = json["problems"] else { Issue.record("problems is not an array"); return }
            #expect(!problems.isEmpty)
            for problem in problems {
                guard case .object(let keys) = problem else { Issue.record("a problem is not an object"); continue }
                #expect(keys.map(\.key) == ["line", "message"])
            }
            #expect(problems.contains { $0["line"]?.int64Value == 3 && ($0["message"]?.stringValue ?? "").contains("hash chain") })
        }
    }

    // MARK: - repair

    @Test("repair on a log that ends cleanly changes nothing and prints the head")
    func repairClean() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let before = try fixture.logBytes()
            let result = try fixture.run(["repair"])
            #expect(result.succeeded, "\(result)")
            #expect(result.stdout.contains("nothing to repair"), "\(result.stdout)")
            try fixture.expectReceipt(result)
            #expect(try fixture.logBytes() == before)
            #expect(try fixture.tornFiles().isEmpty)
        }
    }

    // MARK: - help and version

    @Test("--help prints the usage with the commands and an example, on stdout")
    func helpOverview() throws {
        for arguments in [["--help"], ["-h"], ["help"]] {
            let result = try Binary.run(arguments)
            #expect(result.succeeded, "\(arguments): \(result)")
            #expect(result.stdout.contains("usage: memberships"), "\(arguments)")
            #expect(result.stdout.contains("example"), "\(arguments)")
            for command in ["init", "append", "verify", "repair"] {
                #expect(result.stdout.contains("  \(command)"), "\(arguments) lacks \(command)")
            }
            #expect(result.stderr.isEmpty)
        }
    }

    @Test("help COMMAND and COMMAND --help print the command's usage with an example",
          arguments: ["init", "append", "verify", "repair"])
    func helpCommand(_ command: String) throws {
        let help = try Binary.run(["help", command])
        #expect(help.succeeded, "\(help)")
        #expect(help.stdout.contains("usage: memberships \(command)"), "\(help.stdout)")
        #expect(help.stdout.contains("example"), "\(help.stdout)")
        #expect(help.stdout.contains("  memberships ") , "the example is a command line")
        let flag = try Binary.run([command, "--help"])
        #expect(flag.succeeded, "\(flag)")
        #expect(flag.stdout == help.stdout)
        let short = try Binary.run([command, "-h"])
        #expect(short.stdout == help.stdout)
    }

    /// The commands `memberships --help` lists: the first word of each line of its
    /// `commands:` section indented by two spaces, and each word after a `|`.
    static func listedCommands(_ overview: String) -> [String] {
        var names: [String] = []
        var inCommands = false
        for line in overview.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("commands:") { inCommands = true; continue }
            guard inCommands else { continue }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
            let words = line.split(separator: " ").map(String.init)
            for (index, word) in words.enumerated() where index == 0 || words[index - 1] == "|" {
                if word.allSatisfy({ $0.isLetter && $0.isLowercase }), !names.contains(word) { names.append(word) }
            }
        }
        return names
    }

    @Test("every command the overview lists has its own usage with an example, by help COMMAND and COMMAND --help")
    func helpForEveryListedCommand() throws {
        let overview = try Binary.run(["--help"]).stdout
        let names = Self.listedCommands(overview)
        #expect(Set(["init", "append", "verify", "repair", "help"]).isSubset(of: Set(names)), "\(names)")
        for name in names {
            let help = try Binary.run(["help", name])
            #expect(help.succeeded, "help \(name): \(help)")
            #expect(help.stdout.contains("usage: memberships \(name)"), "help \(name): \(help.stdout)")
            #expect(help.stdout.contains("example"), "help \(name) has no example")
            guard name != "help" else { continue }
            let flag = try Binary.run([name, "--help"])
            #expect(flag.succeeded, "\(name) --help: \(flag)")
            #expect(flag.stdout == help.stdout, "\(name) --help differs from help \(name)")
        }
    }

    @Test("help --help (and help -h) prints help's own usage, like every other COMMAND --help")
    func helpHelp() throws {
        let help = try Binary.run(["help", "help"])
        #expect(help.succeeded, "\(help)")
        for flag in ["--help", "-h"] {
            let result = try Binary.run(["help", flag])
            #expect(result.succeeded, "help \(flag): \(result)")
            #expect(result.stdout == help.stdout, "help \(flag)")
        }
    }

    @Test("--version prints the name and a version number")
    func version() throws {
        let result = try Binary.run(["--version"])
        #expect(result.succeeded, "\(result)")
        let words = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        #expect(words.first == "memberships")
        let number = words.last.map { $0.split(separator: ".") } ?? []
        #expect(number.count == 3 && number.allSatisfy { Int($0) != nil }, "\(result.stdout)")
    }

    // MARK: - usage errors

    @Test("an unknown command is a usage error (64) with a did-you-mean hint on stderr",
          arguments: [("apend", "append"), ("verfy", "verify"), ("repiar", "repair"), ("int", "init")])
    func unknownCommand(_ typo: String, _ meant: String) throws {
        let result = try Binary.run([typo])
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("unknown command '\(typo)'"), "\(result.stderr)")
        #expect(result.stderr.contains("did you mean '\(meant)'?"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let help = try Binary.run(["help", typo])
        #expect(help.status == 64, "\(help)")
        #expect(help.stderr.contains("did you mean '\(meant)'?"), "\(help.stderr)")
    }

    @Test("an unknown flag is a usage error (64) with a did-you-mean hint on stderr",
          arguments: [(["append", "--fiel", "x.jsonl"], "--file"),
                      (["append", "--expect-sq", "3"], "--expect-seq"),
                      (["verify", "--formt", "json"], "--format"),
                      (["init", "x", "--nme", "X"], "--name"),
                      (["--ledgr", "x", "verify"], "--ledger"),
                      (["append", "membership", "--membre", "paris"], "--member")])
    func unknownFlag(_ arguments: [String], _ meant: String) throws {
        try withTemporaryDirectory { dir in
            let result = try Binary.run(arguments, directory: dir)
            #expect(result.status == 64, "\(result)")
            #expect(result.stderr.contains("unknown option"), "\(result.stderr)")
            #expect(result.stderr.contains("did you mean '\(meant)'?"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("no command at all is a usage error (64) that shows the usage")
    func noCommand() throws {
        let result = try Binary.run([])
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("usage: memberships"))
    }

    // MARK: - which ledger

    @Test("no ledger there: exit 66 with a hint, for every command that needs one",
          arguments: [["verify"], ["repair"], ["append", "activity", "--member", "paris", "--date", "2015", "--title", "x"]])
    func noLedger(_ arguments: [String]) throws {
        try withTemporaryDirectory { dir in
            let here = try Binary.run(arguments, stdin: [], directory: dir)
            #expect(here.status == 66, "\(here)")
            #expect(here.stderr.contains("no ledger"), "\(here.stderr)")
            let elsewhere = try Binary.run(["--ledger", dir + "/missing"] + arguments, stdin: [], directory: dir)
            #expect(elsewhere.status == 66, "\(elsewhere)")
            #expect(elsewhere.stderr.contains("no ledger"), "\(elsewhere.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/missing"), "nothing is created")
            #expect(!FileManager.default.fileExists(atPath: dir + "/Events"), "nothing is created")
        }
    }

    @Test("the ledger is --ledger DIR, else $MEMBERSHIPS_LEDGER, else the current directory")
    func ledgerSelection() throws {
        try withTemporaryDirectory { dir in
            let a = try LedgerFixture.make(in: dir + "/a", standard: false, create: true)
            let b = try LedgerFixture.make(in: dir + "/b", standard: false, create: true)
            let event = ["append", "member", "--member", "lyon", "--name", "Lyon", "--kind", "city"]

            // --ledger, from an unrelated working directory.
            let viaFlag = try Binary.run(["--ledger", a.root] + event, directory: dir)
            #expect(viaFlag.succeeded, "\(viaFlag)")
            try a.expectReceipt(viaFlag)
            #expect(try a.lines().count == 2)

            // $MEMBERSHIPS_LEDGER.
            let viaEnvironment = try Binary.run(event, environment: ["MEMBERSHIPS_LEDGER": b.root], directory: dir)
            #expect(viaEnvironment.succeeded, "\(viaEnvironment)")
            try b.expectReceipt(viaEnvironment)
            #expect(try b.lines().count == 2)

            // --ledger wins over the environment; also accepted after the command.
            let both = try Binary.run(["verify", "--ledger", a.root], environment: ["MEMBERSHIPS_LEDGER": dir + "/nowhere"],
                                      directory: dir)
            #expect(both.succeeded, "\(both)")
            try a.expectReceipt(both)
            let equals = try Binary.run(["--ledger=" + b.root, "verify"], directory: dir)
            #expect(equals.succeeded, "\(equals)")
            try b.expectReceipt(equals)

            // The environment wins over the working directory.
            let overCwd = try Binary.run(["verify"], environment: ["MEMBERSHIPS_LEDGER": b.root], directory: a.root)
            try b.expectReceipt(overCwd)

            // Neither: the current directory.
            let viaCwd = try Binary.run(["verify"], directory: a.root)
            #expect(viaCwd.succeeded, "\(viaCwd)")
            try a.expectReceipt(viaCwd)
            let empty = try Binary.run(["verify"], environment: ["MEMBERSHIPS_LEDGER": ""], directory: b.root)
            try b.expectReceipt(empty)
        }
    }
}

extension LedgerFixture {
    /// A fixture in `directory`, created first when `create`.
    static func make(in directory: String, standard: Bool, create: Bool) throws -> LedgerFixture {
        if create { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        return try make(in: directory, standard: standard)
    }
}
