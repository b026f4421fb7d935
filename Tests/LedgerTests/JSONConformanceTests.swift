import Foundation
import Testing
import TestSupport
@testable import Ledger

/// The documented outcome of every `i_` (implementation-defined) file of JSONTestSuite:
/// `nil` = accepted, otherwise rejected with a message containing the given text.
/// docs/JSON-CONFORMANCE.md records the same table, with the reasons; a test checks they agree.
private let implementationDefined: [String: String?] = [
    "i_number_double_huge_neg_exp.json": nil,
    "i_number_huge_exp.json": nil,
    "i_number_neg_int_huge_exp.json": nil,
    "i_number_pos_double_huge_exp.json": nil,
    "i_number_real_neg_overflow.json": nil,
    "i_number_real_pos_overflow.json": nil,
    "i_number_real_underflow.json": nil,
    "i_number_too_big_neg_int.json": nil,
    "i_number_too_big_pos_int.json": nil,
    "i_number_very_big_negative_int.json": nil,
    "i_object_key_lone_2nd_surrogate.json": "lone low surrogate",
    "i_string_1st_surrogate_but_2nd_missing.json": "lone high surrogate",
    "i_string_1st_valid_surrogate_2nd_invalid.json": "which is not a low surrogate",
    "i_string_UTF-16LE_with_BOM.json": "expected a value, found byte 0xFF",
    "i_string_UTF-8_invalid_sequence.json": "byte 0xFA never appears in UTF-8",
    "i_string_UTF8_surrogate_U+D800.json": "surrogate code point",
    "i_string_incomplete_surrogate_and_escape_valid.json": "lone high surrogate",
    "i_string_incomplete_surrogate_pair.json": "lone low surrogate",
    "i_string_incomplete_surrogates_escape_valid.json": "which is not a low surrogate",
    "i_string_invalid_lonely_surrogate.json": "lone high surrogate",
    "i_string_invalid_surrogate.json": "lone high surrogate",
    "i_string_invalid_utf-8.json": "byte 0xFF never appears in UTF-8",
    "i_string_inverted_surrogates_U+1D11E.json": "lone low surrogate",
    "i_string_iso_latin_1.json": "truncated 3-byte sequence",
    "i_string_lone_second_surrogate.json": "lone low surrogate",
    "i_string_lone_utf8_continuation_byte.json": "unexpected continuation byte",
    "i_string_not_in_unicode_range.json": "code point above U+10FFFF",
    "i_string_overlong_sequence_2_bytes.json": "overlong encoding",
    "i_string_overlong_sequence_6_bytes.json": "byte 0xFC never appears in UTF-8",
    "i_string_overlong_sequence_6_bytes_null.json": "byte 0xFC never appears in UTF-8",
    "i_string_truncated-utf-8.json": "truncated 3-byte sequence",
    "i_string_utf16BE_no_BOM.json": "expected a value, found control character U+0000",
    "i_string_utf16LE_no_BOM.json": "expected a value, found control character U+0000",
    "i_structure_500_nested_arrays.json": "nesting deeper than 256 levels",
    "i_structure_UTF-8_BOM_empty_object.json": "byte-order mark",
]

/// The files of `test_parsing` whose names start with `prefix`, with their bytes.
private func files(_ prefix: String) throws -> [(name: String, bytes: [UInt8])] {
    let folder = try #require(Conformance.folder, "no conformance folder") + "/JSONTestSuite/test_parsing"
    var isDirectory: ObjCBool = false
    try #require(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue,
                 "JSONTestSuite missing at \(folder)")
    return try FileManager.default.contentsOfDirectory(atPath: folder)
        .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }
        .sorted()
        .map { name in (name, Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))) }
}

/// The outcome of parsing `bytes`: nil when accepted, else the error.
private func outcome(_ bytes: [UInt8]) -> JSONError? {
    do {
        _ = try JSONReader.parse(bytes)
        return nil
    } catch {
        return error
    }
}

/// Runs all of JSONTestSuite's `test_parsing` files. Skipped when the shared data is absent
/// and not required; when `MEMBERSHIPS_CONFORMANCE` is set, a missing folder fails every test.
@Suite("JSONTestSuite conformance", .enabled(if: Conformance.enabled))
struct JSONConformanceTests {
    @Test("the suite has 95 y_, 188 n_ and 35 i_ files")
    func counts() throws {
        #expect(try files("y_").count == 95)
        #expect(try files("n_").count == 188)
        #expect(try files("i_").count == 35)
    }

    @Test("every y_ file is accepted")
    func mustAccept() throws {
        for file in try files("y_") {
            let error = outcome(file.bytes)
            #expect(error == nil, "\(file.name): \(error?.description ?? "")")
        }
    }

    @Test("every n_ file is rejected with a JSONError")
    func mustReject() throws {
        for file in try files("n_") {
            #expect(outcome(file.bytes) != nil, "\(file.name) was accepted")
        }
    }

    @Test("every i_ file has the outcome recorded in docs/JSON-CONFORMANCE.md")
    func implementationDefinedOutcomes() throws {
        let found = try files("i_")
        #expect(Set(found.map(\.name)) == Set(implementationDefined.keys))
        for file in found {
            guard let expected = implementationDefined[file.name] else { continue }
            let error = outcome(file.bytes)
            if let expected {
                #expect(error?.message.contains(expected) == true,
                        "\(file.name): expected rejection with “\(expected)”, got \(error?.description ?? "acceptance")")
            } else {
                #expect(error == nil, "\(file.name): expected acceptance, got \(error?.description ?? "")")
            }
        }
    }
}

@Suite("JSON conformance documentation")
struct JSONConformanceDocTests {
    @Test("docs/JSON-CONFORMANCE.md lists each i_ file with the outcome the tests assert")
    func docMatchesTable() throws {
        let path = Conformance.packageRoot + "/docs/JSON-CONFORMANCE.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // Table rows look like: | `i_name.json` | accepted | why |  or  | `i_name.json` | rejected: “text” | why |
        var documented: [String: String?] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `i_") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3 else { continue }
            let name = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let result = cells[1]
            if result == "accepted" {
                documented[name] = .some(nil)
            } else if result.hasPrefix("rejected: “"), result.hasSuffix("”") {
                documented[name] = .some(String(result.dropFirst("rejected: “".count).dropLast()))
            } else {
                Issue.record("unreadable outcome for \(name): \(result)")
            }
        }
        #expect(documented.count == implementationDefined.count)
        for (name, expected) in implementationDefined {
            #expect(documented[name] == .some(expected), "\(name)")
        }
    }
}
