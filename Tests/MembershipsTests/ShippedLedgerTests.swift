import Foundation
import Testing
@testable import Ledger

/// Issue 3: the repository root is Paris's ledger. These run the built `memberships`
/// on it (read-only) and check the facts of ../shared/data/paris-record.md.
@Suite("The shipped ledger: Paris's record")
struct ShippedLedgerTests {
    let root = Package.root

    func json(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
        let result = try Binary.run(["--ledger", root] + arguments + ["--format", "json"], sourceLocation: sourceLocation)
        #expect(result.succeeded, "\(result)", sourceLocation: sourceLocation)
        return try JSONReader.parse(result.stdout)
    }

    func rows(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [JSONValue] {
        guard case .array(let rows)? = try json(arguments, sourceLocation: sourceLocation)["rows"] else { return [] }
        return rows
    }

    func shippedEvents() throws -> [Event] {
        try LogReader.events(in: try FileIO.readAll(root + "/Events/ledger.jsonl"), file: "ledger").events
    }

    @Test("verify is clean on the shipped ledger")
    func verifies() throws {
        let result = try Binary.run(["--ledger", root, "verify"])
        #expect(result.succeeded, "\(result)")
        #expect(result.stdout.contains("chain intact"))
    }

    @Test("the eight networks of the seed page, with Paris's date for each (corrected, and as the seed page said)")
    func eightNetworks() throws {
        let seedPage = [
            "energy-cities": "2005", "c40": "2007", "club-vitecc": "2008", "covenant-of-mayors": "2009",
            "mexico-city-pact": "2010", "nazca": "2014", "compact-of-mayors": "2014", "100-resilient-cities": "2015",
        ]
        let corrected = seedPage.merging(["covenant-of-mayors": "2009-02-10", "mexico-city-pact": "2010-11-21",
                                          "100-resilient-cities": "2014-12-03"]) { $1 }
        // Before the corrections were recorded (seq 74–76), the seed page's version.
        let firstCorrection = try #require(shippedEvents().first { $0.type == .correction })
        for (knownAt, expected) in [(nil, corrected), ("seq:\(firstCorrection.seq - 1)", seedPage)] {
            let status = try rows(["status", "--member", "paris", "--as-of", "2015-12-31"]
                + (knownAt.map { ["--known-at", $0] } ?? []))
            var since: [String: String] = [:]
            for row in status {
                guard let network = row["network"]?.stringValue, let date = row["since"]?.stringValue,
                      row["via"]?.stringValue != "merger" else { continue }
                since[network] = date
            }
            #expect(since == expected, "known at \(knownAt ?? "now")")
        }
    }

    @Test("the 100 Resilient Cities selection: 2014-12-03 now, 2015 known at an instant before the correction")
    func selectionCorrection() throws {
        let events = try shippedEvents()
        let correction = try #require(events.first {
            $0.type == .correction && $0.target == EventID("paris-100-resilient-cities-selection")
        })
        let before = Timestamp(seconds: correction.recorded!.seconds - 1).recordedText
        func selectionDate(_ extra: [String]) throws -> String? {
            try rows(["timeline", "--member", "paris", "--network", "100-resilient-cities"] + extra)
                .first { $0["type"]?.stringValue == "selection" }?["date"]?.stringValue
        }
        #expect(try selectionDate([]) == "2014-12-03")
        #expect(try selectionDate(["--known-at", before]) == "2015")
        // The audit trail shows both, old → new, with the reason.
        let audit = try rows(["audit", "--event", "paris-100-resilient-cities-selection"])
        let change = try #require(audit.first { $0["type"]?.stringValue == "correction" })
        let changes = String(decoding: JSONWriter.encode(change["changes"] ?? .null), as: UTF8.self)
        #expect(changes.contains("\"2015\"") && changes.contains("\"2014-12-03\""))
    }

    @Test("« fully compliant » in the Compact of Mayors, then the merger into the Global Covenant on 2016-06-22")
    func compactRecognitionAndMerger() throws {
        let compact = try rows(["status", "--member", "paris", "--network", "compact-of-mayors", "--as-of", "2016-06-21"])
        #expect(compact.count == 1)
        #expect(compact.first?["status"]?.stringValue == "compliant")
        #expect(compact.first?["basis"]?.stringValue == "recognition")
        #expect(compact.first?["badge"]?.stringValue == "fully compliant")
        #expect(compact.first?["certain"] == .bool(false), "the recognition's date is an interval that ends 2016-06-22")

        let timeline = try rows(["timeline", "--network", "compact-of-mayors"])
        let merger = try #require(timeline.first { $0["type"]?.stringValue == "merger" })
        #expect(merger["date"]?.stringValue == "2016-06-22")
        let after = try rows(["status", "--member", "paris", "--as-of", "2016-12-31"])
        let gcom = try #require(after.first { $0["network"]?.stringValue == "global-covenant-of-mayors" })
        #expect(gcom["via"]?.stringValue == "merger")
        #expect(gcom["since"]?.stringValue == "2014")
        #expect(after.first { $0["network"]?.stringValue == "compact-of-mayors" }?["reason"]?.stringValue == "merged")
        let network = try rows(["network", "compact-of-mayors", "--as-of", "2016-01-01"])
        #expect(network.first?["state"]?.stringValue == "active")
        #expect((network.first?["members"].map { row -> Int in
            if case .array(let items) = row { return items.count } else { return 0 }
        }) == 12, "Paris and the eleven first compliant cities")
    }

    @Test("100 Resilient Cities closes on 2019-07-31; the workshops of 2016-04-05 are on the timeline")
    func closureAndWorkshop() throws {
        let timeline = try rows(["timeline", "--network", "100-resilient-cities"])
        #expect(timeline.contains { $0["type"]?.stringValue == "closure" && $0["date"]?.stringValue == "2019-07-31" })
        #expect(timeline.contains { $0["type"]?.stringValue == "activity" && $0["date"]?.stringValue == "2016-04-05" })
        #expect(try rows(["network", "100-resilient-cities", "--as-of", "2019-07-30"]).first?["state"]?.stringValue == "active")
        #expect(try rows(["network", "100-resilient-cities", "--as-of", "2019-07-31"]).first?["state"]?.stringValue == "closed")
        let status = try rows(["status", "--member", "paris", "--network", "100-resilient-cities"])
        #expect(status.first?["status"]?.stringValue == "ended")
        #expect(status.first?["reason"]?.stringValue == "closed")
    }

    @Test("the shipped ledger is exactly its input files: rebuilding gives the same events, and re-appending writes nothing")
    func rebuild() throws {
        let facts = try InputEvents.parse(try FileIO.readAll(root + "/Events/paris.events.jsonl"), file: "facts")
        let corrections = try InputEvents.parse(try FileIO.readAll(root + "/Events/paris.corrections.jsonl"), file: "fixes")
        try withTemporaryDirectory { dir in
            let ledger = dir + "/paris"
            _ = try LedgerStore.create(at: ledger, name: "rebuilt", by: nil, now: Timestamp(seconds: 1_800_000_000))
            let store = LedgerStore(root: ledger)
            _ = try store.append(facts, now: Timestamp(seconds: 1_800_000_001)) { _ in }
            _ = try store.append(corrections, now: Timestamp(seconds: 1_800_000_002)) { _ in }
            let rebuilt = try store.load().events.dropFirst()
            let shipped = try shippedEvents().dropFirst()
            #expect(rebuilt.map(\.id) == shipped.map(\.id))
            #expect(rebuilt.map { EventEncoder.content($0) } == shipped.map { EventEncoder.content($0) })
            #expect(Verifier.verify(bytes: try FileIO.readAll(store.logPath)).ok)

            // Appending the inputs to a copy of the shipped ledger writes nothing.
            let copy = dir + "/copy"
            try FileManager.default.createDirectory(atPath: copy + "/Events", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: copy + "/Snapshots", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: root + "/Events/ledger.jsonl", toPath: copy + "/Events/ledger.jsonl")
            let before = try FileIO.readAll(copy + "/Events/ledger.jsonl")
            let again = try LedgerStore(root: copy).append(facts + corrections, now: Timestamp.now()) { _ in }
            #expect(again.appended.isEmpty)
            #expect(again.existing.count == facts.count + corrections.count)
            #expect(try FileIO.readAll(copy + "/Events/ledger.jsonl") == before)
        }
    }
}
