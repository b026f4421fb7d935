import Foundation
import Testing
@testable import Ledger

/// What a newcomer learns of the format from the tool itself: `help events`, `help event
/// TYPE` (fields from the schema, examples that the ledger accepts), and unknown types
/// answered with the list of known ones and a did-you-mean.
@Suite("The format, from the command line: help events, help TYPE, unknown types")
struct NewcomerFormatTests {
    /// The order the help examples tell their story in: each can be appended after the ones
    /// before it (and the `networks` below). Every type but the genesis.
    static let storyOrder: [EventType] = [
        .network, .member, .policy, .membership, .signature, .selection, .milestone, .recognition,
        .suspension, .reinstatement, .activity, .rename, .withdrawal, .merger, .closure, .correction, .retraction,
    ]

    /// The other networks the examples name, registered first.
    static let networks = [
        #"{"type":"network","network":"c40","name":"C40 Cities","kind":"network","founded":"2005-10"}"#,
        #"{"type":"network","network":"100-resilient-cities","name":"100 Resilient Cities","kind":"programme","founded":"2013-05-14"}"#,
        #"{"type":"network","network":"compact-of-mayors","name":"Compact of Mayors","kind":"pact","founded":"2014-09-23"}"#,
        #"{"type":"network","network":"global-covenant-of-mayors","name":"Global Covenant of Mayors","kind":"pact","founded":"2016-06-22"}"#,
        #"{"type":"network","network":"resilient-cities-network","name":"Resilient Cities Network","kind":"network","founded":"2020-02-10"}"#,
    ]

    /// `memberships help event TYPE`, which must succeed.
    static func help(_ type: EventType, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try Binary.run(["help", "event", type.rawValue], sourceLocation: sourceLocation)
        try #require(result.succeeded, "help event \(type): \(result)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// The JSON line a type's help shows: its last line indented by two spaces that starts with `{`.
    static func jsonExample(_ help: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let line = help.split(separator: "\n").last { $0.hasPrefix("  {") }
        return String(try #require(line, "no JSON example in: \(help)", sourceLocation: sourceLocation).dropFirst(2))
    }

    /// The command line a type's help shows under "example, as flags:", its `\` continuations joined.
    static func flagsExample(_ help: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: "example, as flags:"), "no flags example in: \(help)",
                                 sourceLocation: sourceLocation)
        var command = ""
        for line in lines[(start + 1)...] {
            guard !line.isEmpty else { break }
            command += line.hasSuffix("\\") ? String(line.dropLast()) : line
        }
        return command.trimmingCharacters(in: .whitespaces)
    }

    // MARK: - help events and help TYPE

    @Test("help events lists every event type, one line each; 'help event' alone says the same")
    func helpEvents() throws {
        let result = try Binary.run(["help", "events"])
        #expect(result.succeeded, "\(result)")
        let lines = result.stdout.split(separator: "\n")
        for type in EventType.allCases {
            let listed = lines.filter { $0.hasPrefix("  \(type.rawValue) ") }
            #expect(listed.count == 1, "'\(type)' is listed \(listed.count) times")
            #expect(listed.first.map { $0.split(separator: " ").count > 2 } == true, "'\(type)' has no description")
        }
        #expect(try Binary.run(["help", "event"]).stdout == result.stdout)
    }

    @Test("--help and help COMMAND fit in 80 columns, every line of every command",
          arguments: ["--help", "init", "append", "timeline", "status", "network", "networks", "member", "members",
                      "audit", "import", "export", "report", "verify", "repair", "snapshot", "checkpoint", "prove",
                      "check", "merge-driver", "git-setup"])
    func commandHelpWidth(_ command: String) throws {
        let result = try Binary.run(command == "--help" ? ["--help"] : ["help", command])
        #expect(result.succeeded, "help \(command): \(result)")
        #expect(result.stdout.split(separator: "\n").count > 3, "help \(command) says too little")
        for line in result.stdout.split(separator: "\n") {
            #expect(line.count <= 80, "help \(command): \(line.count) columns: \(line)")
        }
    }

    @Test("help event TYPE fits in 80 columns, but for its JSON line and a flag whose one value is longer",
          arguments: EventType.allCases)
    func helpWidth(_ type: EventType) throws {
        for line in try Self.help(type).split(separator: "\n") where line.count > 80 {
            // A JSON line cannot be cut; nor can one quoted flag value, alone on its line.
            let oneFlag = line.hasPrefix("      --") && line.dropFirst(6).split(separator: " --").count == 1
            #expect(line.hasPrefix("  {") || oneFlag, "help event \(type): \(line.count) columns: \(line)")
        }
    }

    @Test("help event TYPE shows every field of the type: required or optional, and what it holds",
          arguments: EventType.allCases)
    func helpType(_ type: EventType) throws {
        let text = try Self.help(type)
        #expect(text.hasPrefix("\(type.rawValue) — "), "\(text)")
        let rows = text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        for spec in EventSchema.fields(of: type) {
            let row = rows.first { $0.first == spec.name && $0.count > 2 && ["required", "optional"].contains($0[1]) }
            let words = try #require(row, "help event \(type) has no row for '\(spec.name)'")
            #expect(words[1] == (spec.required ? "required" : "optional"), "'\(type).\(spec.name)'")
            if case .choice(let choices) = spec.kind {
                for word in choices { #expect(words.contains(word), "'\(type).\(spec.name)' lacks '\(word)'") }
            }
        }
    }

    @Test("help TYPE is help event TYPE, but for member and network, which are commands first")
    func helpTypeShortcut() throws {
        for type in EventType.allCases {
            let short = try Binary.run(["help", type.rawValue])
            #expect(short.succeeded, "help \(type): \(short)")
            if type == .member || type == .network {
                #expect(short.stdout.hasPrefix("usage: memberships \(type.rawValue)"), "\(short.stdout)")
                #expect(short.stdout.contains("'memberships help event \(type.rawValue)'"), "\(short.stdout)")
            } else {
                #expect(short.stdout == (try Self.help(type)), "help \(type)")
            }
        }
    }

    @Test("help policy explains applies, rules, every and badge")
    func helpPolicy() throws {
        let result = try Binary.run(["help", "policy"])
        #expect(result.succeeded, "\(result)")
        for fragment in ["vintage", "standard", #""within""#, #""by""#, #""after""#, "badge"] {
            #expect(result.stdout.contains(fragment), "help policy lacks \(fragment)")
        }
    }

    // MARK: - The examples are accepted

    @Test("the examples of every type, appended in story order as JSON lines, are accepted, and verify")
    func jsonExamplesAppend() throws {
        #expect(Set(Self.storyOrder.map(\.rawValue)) == Set(EventType.allCases.filter { $0 != .ledger }.map(\.rawValue)))
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir, standard: false)
            let setup = try fixture.run(["append"], stdin: Array((Self.networks.joined(separator: "\n") + "\n").utf8))
            try #require(setup.succeeded, "\(setup)")
            for type in Self.storyOrder {
                let line = try Self.jsonExample(try Self.help(type))
                let result = try fixture.run(["append"], stdin: Array((line + "\n").utf8))
                #expect(result.succeeded, "the \(type) example: \(result)")
                let stored = try #require(try fixture.lines().last)
                let event = try EventDecoder.decodeLine(stored, mode: .stored)
                #expect(event.type == type, "the \(type) example was not appended")
            }
            let verify = try fixture.run(["verify"])
            #expect(verify.succeeded, "\(verify)")
        }
    }

    @Test("the examples as flags give the same events as the JSON lines")
    func flagExamplesAppend() throws {
        try withTemporaryDirectory { dir in
            for name in ["json", "flags"] { try FileManager.default.createDirectory(atPath: dir + "/" + name, withIntermediateDirectories: false) }
            let byJSON = try LedgerFixture.make(in: dir + "/json", standard: false)
            let byFlags = try LedgerFixture.make(in: dir + "/flags", standard: false)
            let setup = Array((Self.networks.joined(separator: "\n") + "\n").utf8)
            for fixture in [byJSON, byFlags] { try #require(try fixture.run(["append"], stdin: setup).succeeded) }
            for type in Self.storyOrder {
                let help = try Self.help(type)
                let json = try byJSON.run(["append"], stdin: Array((try Self.jsonExample(help) + "\n").utf8))
                try #require(json.succeeded, "the \(type) JSON example: \(json)")
                let command = try Self.flagsExample(help)
                let prefix = "memberships append \(type.rawValue) "
                #expect(command.hasPrefix(prefix), "\(command)")
                let script = #""$MEMBERSHIPS" --ledger '\#(byFlags.root)' "# + command.dropFirst("memberships ".count)
                let flags = try Binary.startShell(script).wait()
                #expect(flags.succeeded, "the \(type) flags example: \(command)\n\(flags)")
                let a = try EventDecoder.decodeLine(try #require(try byJSON.lines().last), mode: .stored)
                let b = try EventDecoder.decodeLine(try #require(try byFlags.lines().last), mode: .stored)
                #expect(a.payload == b.payload && a.id == b.id && a.source == b.source && a.note == b.note && a.by == b.by,
                        "the \(type) examples differ")
            }
        }
    }

    @Test("the genesis example has the keys, in order, of the line init writes")
    func genesisExample() throws {
        let example = try Self.jsonExample(try Self.help(.ledger))
        let event = try EventDecoder.decodeLine(Array(example.utf8), mode: .stored)
        #expect(event.type == .ledger && event.seq == 1)
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir, standard: false)
            let line = try #require(try fixture.lines().first)
            #expect(Self.keys(String(decoding: line, as: UTF8.self)) == Self.keys(example))
        }
    }

    /// The top-level keys of a flat JSON object, in order.
    static func keys(_ line: String) -> [String] {
        guard case .object(let members)? = try? JSONReader.parse(line) else { return [] }
        return members.map(\.key)
    }

    @Test("docs/FORMAT.md shows each type's help example, word for word", arguments: EventType.allCases)
    func documentedExample(_ type: EventType) throws {
        let document = try String(contentsOfFile: Package.root + "/docs/FORMAT.md", encoding: .utf8)
        let example = try Self.jsonExample(try Self.help(type))
        #expect(document.contains("\n" + example + "\n"), "docs/FORMAT.md lacks the \(type) example: \(example)")
    }

    // MARK: - Unknown types

    @Test("append with an unknown type is a usage error (64) that lists the known types, with a did-you-mean; the log is unchanged",
          arguments: [("membershp", "membership"), ("sgnature", "signature"), ("polcy", "policy")])
    func unknownTypeFlags(_ typo: String, _ meant: String) throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let before = try fixture.logBytes()
            let result = try fixture.run(["append", typo, "--member", "paris", "--network", "c40", "--date", "2006"])
            #expect(result.status == 64, "\(result)")
            #expect(result.stderr.contains("unknown event type '\(typo)' (did you mean '\(meant)'?)"), "\(result.stderr)")
            Self.expectAllTypes(in: result.stderr)
            #expect(try fixture.logBytes() == before)
        }
    }

    @Test("a JSON line with an unknown type is bad data (65) at FILE:LINE, listing the known types; the log is unchanged")
    func unknownTypeLine() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let before = try fixture.logBytes()
            let path = try fixture.writeInput("input.jsonl", lines: [
                #"{"type":"activity","member":"paris","date":"2015","title":"ok"}"#,
                #"{"type":"membershp","member":"paris","network":"c40","date":"2006"}"#,
            ])
            let result = try fixture.run(["append", "--file", path])
            #expect(result.status == 65, "\(result)")
            #expect(result.stderr.hasPrefix("\(path):2: unknown event type 'membershp' (did you mean 'membership'?)"), "\(result.stderr)")
            Self.expectAllTypes(in: result.stderr)
            #expect(try fixture.logBytes() == before)
        }
    }

    @Test("help with an unknown type is a usage error (64) naming the event types, with a did-you-mean",
          arguments: [(["help", "membershp"], "membership"), (["help", "event", "sgnature"], "signature"),
                      (["help", "evnts"], "events")])
    func unknownTypeHelp(_ arguments: [String], _ meant: String) throws {
        let result = try Binary.run(arguments)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("did you mean '\(meant)'?"), "\(result.stderr)")
        Self.expectAllTypes(in: result.stderr)
        #expect(result.stdout.isEmpty)
    }

    /// The first line of `stderr` names every event type.
    static func expectAllTypes(in stderr: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let first = stderr.split(separator: "\n").first.map(String.init) ?? ""
        let listed = first.split(separator: ";").last.map { $0.split(separator: ":").last ?? "" } ?? ""
        let names = listed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(names == EventType.allCases.map(\.rawValue), "\(first)", sourceLocation: sourceLocation)
    }

    // MARK: - Self-contained

    @Test("no help text points at a file outside the repository")
    func helpIsSelfContained() throws {
        let overview = try Binary.run(["--help"]).stdout
        var topics = [["--help"], ["help", "events"]]
        topics += CommandLineTests.listedCommands(overview).map { ["help", $0] }
        topics += EventType.allCases.map { ["help", "event", $0.rawValue] }
        for topic in topics {
            let result = try Binary.run(topic)
            #expect(result.succeeded, "\(topic): \(result)")
            for reference in ["SPEC", "../shared", "§"] {
                #expect(!result.stdout.contains(reference), "\(topic.joined(separator: " ")) mentions '\(reference)'")
            }
        }
    }
}
