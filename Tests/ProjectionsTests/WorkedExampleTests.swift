import Foundation
import Testing
import Ledger
@testable import Projections

@Suite("The worked example of SPEC §9")
struct WorkedExampleTests {
    static let expectations: [JSONValue] = {
        guard let data = try? Fixtures.data("worked/worked.expected.json"),
              case .array(let items)? = try? JSONReader.parse(Array(data)) else { return [] }
        return items
    }()

    @Test("the fixture holds the six outputs")
    func sixOutputs() {
        #expect(Self.expectations.count == 6)
    }

    @Test("each command's --format json output is reproduced exactly", arguments: 0..<6)
    func reproduced(index: Int) throws {
        let ledger = try TestLedger(stored: Array(try Fixtures.data("worked/ledger.jsonl")))
        let item = try #require(Self.expectations.indices.contains(index) ? Self.expectations[index] : nil)
        let command = try #require(item["command"]?.stringValue)
        let expected = try #require(item["output"])
        let actual = try ViewRunner.run(command, on: ledger)
        #expect(Compare.difference(actual, expected) == nil, "\(command): \(Compare.difference(actual, expected) ?? "")")
    }

    @Test("the ledger rebuilt from the input events is the shipped ledger, byte for byte")
    func rebuilt() throws {
        let built = try TestLedger(input: try Fixtures.text("worked/worked.events.jsonl"), name: "worked example")
        let stored = try TestLedger(stored: Array(try Fixtures.data("worked/ledger.jsonl")))
        #expect(built.head == stored.head)
    }
}
