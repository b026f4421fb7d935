import Foundation
import Testing
@testable import Ledger

/// `docs/FORMAT.md` is the users' reference for the format: these tests enumerate what the
/// code accepts — every event type, field, word, rule key, date form — and fail when the
/// document leaves one out or says something the code does not do.
@Suite("docs/FORMAT.md documents everything the schema accepts")
struct FormatDocTests {
    /// The package root, from this file's path (LedgerTests, Tests, root).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func document() throws -> String {
        try String(contentsOfFile: root + "/docs/FORMAT.md", encoding: .utf8)
    }

    /// The lines under the heading line `heading`, up to the next heading of the same or a
    /// higher level.
    static func section(_ heading: String, in document: String,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: heading), "no heading '\(heading)'", sourceLocation: sourceLocation)
        let level = heading.prefix { $0 == "#" }.count
        var body: [String] = []
        for line in lines[(start + 1)...] {
            let hashes = line.prefix { $0 == "#" }.count
            if hashes > 0 && hashes <= level && line.dropFirst(hashes).first == " " { break }
            body.append(line)
        }
        return body.joined(separator: "\n")
    }

    /// The rows of the Markdown table whose header row is `header`, each as its cells.
    static func table(_ header: String, in text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String]] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: header), "no table '\(header)'", sourceLocation: sourceLocation)
        var rows: [[String]] = []
        for line in lines[(start + 2)...] {
            guard line.hasPrefix("|") else { break }
            rows.append(line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) })
        }
        return rows
    }

    /// The words written in backticks in `text`.
    static func quoted(_ text: String) -> [String] {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        return stride(from: 1, to: parts.count, by: 2).map { String(parts[$0]) }
    }

    @Test("every event type has its section, and it lists every field of the type, required or optional as the schema says",
          arguments: EventType.allCases)
    func typeSection(_ type: EventType) throws {
        let section = try Self.section("### `\(type.rawValue)`", in: try Self.document())
        let rows = try Self.table("| field | | kind | example | meaning |", in: section)
        let documented = rows.map { Self.quoted($0[0]).first ?? "" }
        let fields = EventSchema.fields(of: type)
        #expect(documented == fields.map(\.name), "the fields of '\(type)', in canonical order")
        for (row, spec) in zip(rows, fields) {
            if type == .rename && (spec.name == "network" || spec.name == "member") {
                #expect(row[1] == "one of these two")
            } else {
                #expect(row[1] == (spec.required ? "required" : "optional"), "'\(type).\(spec.name)'")
            }
            if case .choice(let words) = spec.kind {
                #expect(Self.quoted(row[2]) == words, "the words of '\(type).\(spec.name)'")
            }
        }
    }

    @Test("the list of types names every type once")
    func typeList() throws {
        let section = try Self.section("## Event types", in: try Self.document())
        let rows = try Self.table("| group | types |", in: section)
        let listed = rows.flatMap { Self.quoted($0[1]) }
        #expect(listed.sorted() == EventType.allCases.map(\.rawValue).sorted())
    }

    @Test("the envelope table lists the envelope's keys in canonical order, around the type's fields")
    func envelope() throws {
        let section = try Self.section("## The envelope", in: try Self.document())
        let keys = try Self.table("| key | set by | what it holds |", in: section).map { Self.quoted($0[0]).first ?? "(fields)" }
        #expect(keys == EventSchema.leadingEnvelope + ["(fields)"] + EventSchema.trailingEnvelope)
    }

    @Test("the policy section names every key of a rules item and an every item, and their bounds")
    func policyKeys() throws {
        let section = try Self.section("## Policies", in: try Self.document())
        for key in EventSchema.ruleKeys + EventSchema.everyKeys {
            #expect(section.contains("\"\(key)\":"), "'\(key)' has no example in Policies")
        }
        let bounds = "\(EventSchema.months.lowerBound) to \(EventSchema.months.upperBound)"
        #expect(section.contains("`within` is \(bounds)") && section.contains("`months` is \(bounds)"))
        for word in ["new", "all"] { #expect(section.contains("\"applies\": \"\(word)\"")) }
    }

    @Test("the order of a correction's set is the order the ledger writes")
    func correctableOrder() throws {
        let section = try Self.section("## Amendments", in: try Self.document())
        #expect(section.contains(EventSchema.correctable.map { "`\($0)`" }.joined(separator: ", ")))
    }

    @Test("the table of what a correction may set gives, for every type that can be corrected, its fields and source, note")
    func correctableByType() throws {
        let section = try Self.section("## Amendments", in: try Self.document())
        let rows = try Self.table("| target's type | fields a correction may set |", in: section)
        let amendable = EventType.allCases.filter { $0 != .ledger && !$0.isAmendment }
        var seen: [String] = []
        for row in rows {
            let types = Self.quoted(row[0])
            seen += types
            let listed = Self.quoted(row[1])
            for name in types {
                let type = try #require(EventType(rawValue: name))
                let expected = EventSchema.fields(of: type).map(\.name) + ["source", "note"]
                #expect(listed == expected, "'\(name)'")
                for field in listed { #expect(EventSchema.correctable.contains(field)) }
            }
        }
        #expect(seen.sorted() == amendable.map(\.rawValue).sorted())
    }

    @Test("the order of replay gives each dated type its rank")
    func ranks() throws {
        let section = try Self.section("## Order of replay", in: try Self.document())
        let rows = try Self.table("| rank | types |", in: section)
        var seen: [EventType] = []
        for row in rows {
            let rank = try #require(Int(row[0]))
            for name in Self.quoted(row[1]) {
                let type = try #require(EventType(rawValue: name))
                #expect(type.rank == rank, "'\(name)'")
                seen.append(type)
            }
        }
        // The dated types: those whose schema has a `date` field.
        let dated = EventType.allCases.filter { type in EventSchema.fields(of: type).contains { $0.name == "date" } }
        #expect(seen.map(\.rawValue).sorted() == dated.map(\.rawValue).sorted())
    }

    @Test("each date in the table of forms covers the days the table says")
    func dateForms() throws {
        let section = try Self.section("## Dates", in: try Self.document())
        let rows = try Self.table("| written | precision | earliest | latest |", in: section)
        #expect(rows.count >= 8)
        for row in rows {
            let text = try #require(Self.quoted(row[0]).first)
            let date = try EDTFDate.parse(text)
            #expect(date.earliest.description == row[2], "'\(text)'")
            #expect(date.latest.description == row[3], "'\(text)'")
        }
        for qualifier in ["?", "~", "%"] {
            #expect(rows.contains { Self.quoted($0[0]).first?.contains(qualifier) == true }, "no example of '\(qualifier)'")
        }
        #expect(rows.contains { Self.quoted($0[0]).first?.contains("/") == true }, "no interval")
    }

    @Test("each date the document says is rejected is rejected")
    func rejectedDates() throws {
        let section = try Self.section("## Dates", in: try Self.document())
        let rows = try Self.table("| written | why |", in: section)
        #expect(rows.count >= 5)
        for row in rows {
            let text = try #require(Self.quoted(row[0]).first)
            #expect(throws: DateError.self, "'\(text)'") { try EDTFDate.parse(text) }
        }
    }

    @Test("every JSON line in a jsonl block is a valid event: an input line, or a stored one with its envelope")
    func jsonLines() throws {
        var inBlock = false
        var count = 0
        for line in try Self.document().split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inBlock = line == "```jsonl"; continue }
            guard inBlock, !line.isEmpty else { continue }
            let mode: EventDecoder.Mode = line.hasPrefix(#"{"seq":"#) ? .stored : .input
            count += 1
            do {
                _ = try EventDecoder.decodeLine(Array(line.utf8), mode: mode)
            } catch {
                Issue.record("\(error.message): \(line.prefix(80))")
            }
        }
        #expect(count >= EventType.allCases.count)
    }

    @Test("the document points at nothing outside the repository")
    func selfContained() throws {
        for file in ["docs/FORMAT.md", "README.md"] {
            let text = try String(contentsOfFile: Self.root + "/" + file, encoding: .utf8)
            for reference in ["SPEC", "../shared", "§"] {
                #expect(!text.contains(reference), "\(file) mentions '\(reference)'")
            }
        }
    }
}
