import Foundation
import Testing
import TestSupport
@testable import Ledger
@testable import Projections

/// An event named by its id or the start of one, found from the ids read at the start of
/// each line (`LineSource.forEachID`): the same answer as decoding every event.
@Suite("Events named by id or its start")
struct EventMatchTests {
    /// The answer from every event decoded, in log order: an equal id, else the ids it starts.
    static func reference(_ text: String, _ events: [Event]) -> EventMatch {
        if let event = events.first(where: { $0.id.rawValue == text }) { return .found(EventAt(id: event.id, seq: event.seq)) }
        let starting = text.count >= EventReference.shortestPrefix ? events.filter { $0.id.rawValue.hasPrefix(text) } : []
        switch starting.count {
        case 0: return .none(nearest: Suggestion.nearest(to: text, in: events.map(\.id.rawValue)))
        case 1: return .found(EventAt(id: starting[0].id, seq: starting[0].seq))
        default: return .ambiguous(starting.prefix(5).map { EventAt(id: $0.id, seq: $0.seq) }, count: starting.count)
        }
    }

    @Test("the shipped ledger, read from its file: full ids, their starts, texts no id starts with")
    func shipped() throws {
        let store = LedgerStore(root: Conformance.packageRoot)
        let (events, _) = try store.load()
        let loaded = try store.loadForViews(knownAtSeq: nil) { _ in }
        let replay = Replay(log: loaded.log, source: loaded.source, knownAt: nil)
        var texts = ["", "zzzzzzzz", "paris-", "seq", "e"]
        for event in events.enumerated().filter({ $0.offset % 7 == 0 }).map(\.element) {
            let id = event.id.rawValue
            texts += [id, String(id.prefix(6)), String(id.prefix(8)), id + "x", String(id.dropLast())]
        }
        for text in texts {
            #expect(replay.match(.id(text)) == Self.reference(text, events), "\(text)")
        }
    }

    @Test("an id is read in place only from a line that starts as the writer writes it, with no escape in the id")
    func writtenID() {
        func id(_ line: String) -> String? {
            let bytes = Array(line.utf8)
            return bytes.withUnsafeBufferPointer { LineSource.writtenID($0, at: 0) }
        }
        #expect(id(#"{"seq":12,"id":"paris-c40","type":"x"}"#) == "paris-c40")
        #expect(id(#"{"seq":1,"id":"","type":"x"}"#) == "")
        #expect(id(#"{"seq":12,"id":"caf\u00e9","type":"x"}"#) == nil, "an escape")
        #expect(id(#"{"id":"paris","seq":12}"#) == nil, "another order")
        #expect(id(#"{"seq":,"id":"paris"}"#) == nil, "no digits")
        #expect(id(#"{"seq":12, "id":"paris"}"#) == nil, "a space")
        #expect(id(#"{"seq":12,"id":"paris"#) == nil, "no closing quote")
        #expect(id("{\"seq\":12,\"id\":\"a\tb\"}") == nil, "a control character")
        // In a buffer of several lines: from the line's own start.
        let two = Array((#"{"seq":1,"id":"one"}"# + "\n" + #"{"seq":2,"id":"two"}"#).utf8)
        #expect(two.withUnsafeBufferPointer { LineSource.writtenID($0, at: 21) } == "two")
    }
}
