import Foundation
import Testing
import TestSupport
@testable import Ledger

@Suite("verify (SPEC §2, §6)")
struct VerifierTests {
    func worked() throws -> [UInt8] {
        let path = Conformance.packageRoot + "/Tests/ProjectionsTests/Fixtures/worked/ledger.jsonl"
        return try FileIO.readAll(path)
    }

    func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    /// The events as canonical lines numbered 1… and chained afresh: a log whose chain and
    /// seq are intact, so only the other checks can find problems in it.
    func rechain(_ events: [Event]) -> [[UInt8]] {
        var previous = SHA256Digest.zero
        return events.enumerated().map { i, original in
            var event = original
            event.seq = i + 1
            event.prev = previous
            let line = EventEncoder.line(event)
            previous = SHA256.hash(line)
            return line
        }
    }

    func join(_ lines: [[UInt8]], terminator: [UInt8] = [0x0A]) -> [UInt8] {
        lines.flatMap { $0 + terminator }
    }

    @Test("the worked example verifies, with the head SPEC §9's outputs name")
    func workedExample() throws {
        let report = Verifier.verify(bytes: try worked())
        #expect(report.problems == [])
        #expect(report.events == 18)
        #expect(report.head.hash.hex == "504c7ad1ca60164d41cef714007b6cd8287384004e6d72c3e24799fec2e01496")
    }

    @Test("a log written by another conforming tool verifies: any key order, \\r\\n")
    func otherTool() throws {
        let original = lines(try worked())
        // Reorder the keys of every line, then re-chain with hashes over the new bytes.
        var rewritten: [[UInt8]] = []
        var previous = SHA256Digest.zero
        for line in original {
            guard case .object(var members) = try JSONReader.parse(line) else { Issue.record("not an object"); return }
            members.reverse()
            members = members.map { $0.key == "prev" ? JSONMember("prev", .string(previous.hex)) : $0 }
            let bytes = Array(JSONText.spaced(.object(members)).utf8)
            rewritten.append(bytes)
            previous = SHA256.hash(bytes)
        }
        let report = Verifier.verify(bytes: join(rewritten, terminator: [0x0D, 0x0A]))
        #expect(report.problems == [])
        #expect(report.events == 18)
    }

    @Test("a changed line breaks the chain at the next line; every problem is reported at once")
    func tampering() throws {
        var log = lines(try worked())
        let text = String(decoding: log[9], as: UTF8.self).replacingOccurrences(of: "\"2009\"", with: "\"2008\"")
        log[9] = Array(text.utf8)
        log[14] = Array(String(decoding: log[14], as: UTF8.self).replacingOccurrences(of: "\"seq\":15", with: "\"seq\":16").utf8)
        log[4] = Array("not json".utf8)
        let report = Verifier.verify(bytes: join(log))
        let found = report.problems.map { "\($0.line): \($0.message)" }
        #expect(report.problems.contains { $0.line == 11 && $0.message.contains("hash chain broken") }, "\(found)")
        #expect(report.problems.contains { $0.line == 15 && $0.message.contains("seq 16 where 15 was expected") }, "\(found)")
        #expect(report.problems.contains { $0.line == 5 && $0.message.contains("invalid JSON") }, "\(found)")
        #expect(!report.ok)
    }

    @Test("a torn tail, a byte-order mark, an empty log, a decreasing recorded time are problems")
    func otherProblems() throws {
        var bytes = try worked()
        bytes += Array(#"{"seq":19,"id":"x""#.utf8)
        #expect(Verifier.verify(bytes: bytes).problems.contains { $0.line == 19 && $0.message.contains("torn tail") })
        #expect(Verifier.verify(bytes: [0xEF, 0xBB, 0xBF] + (try worked())).problems.contains { $0.message.contains("byte-order mark") })
        #expect(Verifier.verify(bytes: []).problems.contains { $0.message.contains("empty") })
        let log = lines(try worked())
        var events = try log.map { try EventDecoder.decode(try JSONReader.parse($0), mode: .stored) }
        events[5].recorded = Timestamp(seconds: 0)
        let report = Verifier.verify(bytes: join(rechain(events)))
        #expect(report.problems.contains { $0.line == 6 && $0.message.contains("earlier than the line before") })
    }

    @Test("rule violations in the log are found with their line")
    func ruleViolations() throws {
        var events = try lines(try worked()).map { try EventDecoder.decode(try JSONReader.parse($0), mode: .stored) }
        // Drop the signature of Bordeaux (line 10): its milestones lose their commitment.
        events.remove(at: 9)
        let report = Verifier.verify(bytes: join(rechain(events)))
        #expect(report.problems.contains { $0.line == 10 && $0.message.contains("no commitment in covenant") })
        #expect(report.problems.contains { $0.line == 17 && $0.message.contains("no event has the id 'bdx-com'") })
    }

    @Test("ids are told apart by their text: a duplicate is named with its first line; an amendment finds its target; a hint names the nearest id")
    func idsByText() throws {
        var events = try lines(try worked()).map { try EventDecoder.decode(try JSONReader.parse($0), mode: .stored) }
        // verify reads a plain line's id by its key and reads its text back only when the
        // key is taken: the messages must still name the id, and the first line with it.
        events[11].id = EventID("bdx-plan")
        let retraction = #"{"seq":19,"id":"drop-bdx-susp","type":"retraction","recorded":"2026-01-01T00:00:19Z","target":"bdx-susq","reason":"typo","prev":"\#(String(repeating: "0", count: 64))"}"#
        events.append(try EventDecoder.decode(try JSONReader.parse(Array(retraction.utf8)), mode: .stored))
        let report = Verifier.verify(bytes: join(rechain(events)))
        #expect(report.problems.contains { $0.line == 12 && $0.message == "id 'bdx-plan' is already used by line 11" },
                "\(report.problems)")
        // Line 18 corrects 'bdx-com', a plain line stored by its key: found by its text.
        #expect(!report.problems.contains { $0.line == 18 })
        #expect(report.problems.contains {
            $0.line == 19 && $0.message.contains("no event has the id 'bdx-susq' (did you mean 'bdx-susp'?)")
        }, "\(report.problems)")
        #expect(report.problems.count == 2)
    }
}

extension JSONText {
    /// JSON with a space after every colon and comma: bytes another tool might write.
    static func spaced(_ value: JSONValue) -> String {
        switch value {
        case .object(let members):
            return "{" + members.map { "\(String(decoding: JSONWriter.encode(.string($0.key)), as: UTF8.self)): \(spaced($0.value))" }
                .joined(separator: ", ") + "}"
        case .array(let items):
            return "[" + items.map(spaced).joined(separator: ", ") + "]"
        default:
            return String(decoding: JSONWriter.encode(value), as: UTF8.self)
        }
    }
}

enum JSONText {}
