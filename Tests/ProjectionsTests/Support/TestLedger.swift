import Foundation
import Ledger
@testable import Projections

/// A ledger built in memory for a test: the genesis, then input events, each given
/// `seq` 1…N, `recorded` one second apart from 2026-01-01T00:00:01Z and the `prev` of the
/// hash chain, checked by the kernel's `Validator` (so every scenario is a valid ledger), then
/// written canonically and read back with `LogReader`, exactly as a view would read it.
struct TestLedger {
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    var events: [Event]
    var head: Head

    /// 2026-01-01T00:00:00Z: line N is recorded N seconds after it.
    static let clockStart: Int64 = 1_767_225_600

    /// The `recorded` instant of line `seq`.
    static func recorded(_ seq: Int) -> Timestamp {
        Timestamp(seconds: clockStart + Int64(seq))
    }

    /// Builds a ledger from input JSON lines (no genesis: it is added as line 1, so the
    /// k-th input line becomes seq k + 1). Blank lines are skipped.
    init(input text: String, name: String = "test ledger") throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        try self.init(lines: lines, name: name, skipInvalid: false)
    }

    /// Builds a ledger from candidate input events, keeping only those the `Validator`
    /// admits (each checked against the ones kept before it): a valid ledger by construction.
    init(candidates: [String]) throws {
        try self.init(lines: candidates, name: "generated", skipInvalid: true)
    }

    private init(lines: [String], name: String, skipInvalid: Bool) throws {
        let inputs = [#"{"id":"00000000-0000-0000-0000-000000000001","type":"ledger","format":1,"name":"\#(name)"}"#] + lines
        var validator = Validator()
        var bytes: [UInt8] = []
        var prev = SHA256Digest.zero
        var seq = 0
        for line in inputs {
            var event = try EventDecoder.decode(try JSONReader.parse(line), mode: .input)
            event.seq = seq + 1
            if event.id.rawValue.isEmpty { event.id = EventID("e\(event.seq)") }
            event.recorded = TestLedger.recorded(event.seq)
            event.prev = prev
            do {
                try validator.admit(event)
            } catch {
                if skipInvalid { continue }
                throw Invalid(description: "line \(event.seq) (\(event.id)) is not valid: \(error.message)")
            }
            seq += 1
            let stored = EventEncoder.line(event)
            prev = SHA256.hash(stored)
            bytes += stored + [0x0A]
        }
        try self.init(stored: bytes)
    }

    /// Reads a stored log.
    init(stored bytes: [UInt8]) throws {
        (events, head) = try LogReader.events(in: bytes, file: "ledger.jsonl")
    }
}

/// Files under `Tests/ProjectionsTests/Fixtures/`.
enum Fixtures {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try data(name), as: UTF8.self)
    }

    /// The names of the scenario fixtures: every `X.events.jsonl` with an `X.expected.json`.
    static func scenarios() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".events.jsonl") }
            .map { String($0.dropLast(".events.jsonl".count)) }
            .filter { names.contains($0 + ".expected.json") }
            .sorted()
    }
}

/// Runs a command line of the shape `memberships COMMAND [options]` (views only) against a
/// ledger and returns its `--format json` object, as SPEC §6 defines it.
enum ViewRunner {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func run(_ command: String, on ledger: TestLedger) throws -> JSONValue {
        let words = command.split(separator: " ").map(String.init)
        guard let name = words.first else { throw Failure(description: "empty command") }
        var options: [String: String] = [:]
        var positional: [String] = []
        var i = 1
        while i < words.count {
            if words[i].hasPrefix("--") {
                guard i + 1 < words.count else { throw Failure(description: "\(words[i]) needs a value") }
                options[words[i]] = words[i + 1]
                i += 2
            } else {
                positional.append(words[i])
                i += 1
            }
        }
        guard let asOfText = options["--as-of"] else { throw Failure(description: "fixtures give --as-of") }
        let asOf = try EDTFDate.parseAsOf(asOfText)
        let knownAtText = options["--known-at"]
        let knownAt = try knownAtText.map { text throws(ViewError) in try KnownAt.parse(text) }
        let replay = Replay(events: ledger.events, knownAt: knownAt)
        let member = try options["--member"].map { text throws(ViewError) in try replay.checkMember(text) }
        let network = try options["--network"].map { text throws(ViewError) in try replay.checkNetwork(text) }
        let rows: [JSONValue]
        switch name {
        case "status":
            rows = replay.status(asOf: asOf, member: member, network: network).map(\.json)
        case "timeline":
            let from = try options["--from"].map { try EDTFDate.parse($0) }
            let to = try options["--to"].map { try EDTFDate.parse($0) }
            rows = replay.timeline(asOf: asOf, member: member, network: network, from: from, to: to).map(\.json)
        case "network":
            rows = [replay.network(try replay.checkNetwork(positional[0]), asOf: asOf).json]
        case "networks":
            rows = replay.networks(asOf: asOf).map(\.json)
        case "member":
            rows = [replay.member(try replay.checkMember(positional[0]), asOf: asOf).json]
        case "members":
            rows = replay.members(asOf: asOf).map(\.json)
        case "audit":
            if let id = options["--event"] {
                rows = try AuditTrail.rows(events: ledger.events, knownAt: knownAt, event: EventID(id)).map(\.json)
            } else {
                rows = AuditTrail.rows(events: ledger.events, knownAt: knownAt, member: member!, network: network!).map(\.json)
            }
        default:
            throw Failure(description: "unknown command \(name)")
        }
        return .object([
            JSONMember("head", .object([JSONMember("seq", .number(String(ledger.head.seq))),
                                        JSONMember("hash", .string(ledger.head.hash.hex))])),
            JSONMember("asOf", .string(asOf.description)),
            JSONMember("knownAt", knownAtText.map(JSONValue.string) ?? .null),
            JSONMember("rows", .array(rows)),
        ])
    }
}

/// Comparing outputs: structural equality (key order included), with a readable difference.
enum Compare {
    static func text(_ value: JSONValue) -> String {
        String(decoding: JSONWriter.encode(value), as: UTF8.self)
    }

    /// The first place where `actual` and `expected` differ, as a path and both values.
    static func difference(_ actual: JSONValue, _ expected: JSONValue, path: String = "$") -> String? {
        switch (actual, expected) {
        case (.object(let a), .object(let e)):
            if a.map(\.key) != e.map(\.key) {
                return "\(path): keys \(a.map(\.key)) != expected \(e.map(\.key))"
            }
            for (x, y) in zip(a, e) {
                if let d = difference(x.value, y.value, path: path + "." + x.key) { return d }
            }
            return nil
        case (.array(let a), .array(let e)):
            for (index, (x, y)) in zip(a, e).enumerated() {
                if let d = difference(x, y, path: path + "[\(index)]") { return d }
            }
            if a.count != e.count { return "\(path): \(a.count) items != expected \(e.count)" }
            return nil
        default:
            return actual == expected ? nil : "\(path): \(text(actual)) != expected \(text(expected))"
        }
    }

    /// The expected output, leaving out `head` when the fixture does not give it (its hash
    /// cannot be worked out by hand).
    static func comparable(_ actual: JSONValue, like expected: JSONValue) -> JSONValue {
        guard case .object(let members) = actual, expected["head"] == nil else { return actual }
        return .object(members.filter { $0.key != "head" })
    }
}
