import Foundation
import Testing
@testable import Ledger

/// Inputs the fuzzers (`Tests/Fuzz`, see docs/RELIABILITY.md) found, kept under
/// `Tests/Fuzz/regressions/TARGET/`, and the cases made by hand from them.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// `Tests/Fuzz/regressions`.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/regressions").path

    static func inputs(_ target: String) -> [String] {
        let directory = folder + "/" + target
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted().map { directory + "/" + $0 }
    }

    @Test("snapshot bodies the fuzzer found read back as nothing, or as a log that encodes again to the same bytes; never a crash")
    func snapshotBodies() throws {
        let files = Self.inputs("snapshot")
        #expect(!files.isEmpty, "no inputs in \(Self.folder)/snapshot")
        for file in files {
            let body = try FileIO.readAll(file)[...]
            var reader = ByteReader(body)
            let count = reader.count() ?? 0
            if let log = FactLog.decoded(body, count: count) {
                let encoded = log.encoded()
                #expect(FactLog.decoded(encoded[...], count: count)?.encoded() == encoded, "\(file)")
            }
        }
    }

    @Test("event blocks the fuzzer found (a count, then blocks) read back as nothing or as events that encode again the same; never a crash")
    func eventBlocks() throws {
        let files = Self.inputs("events")
        #expect(!files.isEmpty, "no inputs in \(Self.folder)/events")
        for file in files {
            let bytes = try FileIO.readAll(file)[...]
            var reader = ByteReader(bytes)
            let count = reader.count() ?? 0
            let blocks = bytes.dropFirst(bytes.count - reader.remaining)
            if let events = ReplayCodec.decode(blocks, count: count, consecutive: false) {
                let encoded = ReplayCodec.encode(events)
                #expect(ReplayCodec.decode(encoded[...], count: count, consecutive: false).map(ReplayCodec.encode) == encoded, "\(file)")
            }
        }
    }

    /// One block of the replay codec holding one event `a` with one field `k` whose value is
    /// `value` (its tag and what follows), claiming `events` events.
    static func block(events: UInt64 = 1, fields: UInt64 = 1, value: [UInt8]) -> [UInt8] {
        var event = ByteWriter()
        event.varint(1)
        event.text("a")
        event.u8(EventType.activity.code)
        event.u8(0)
        event.varint(fields)
        event.text("k")
        event.bytes += value
        var out = ByteWriter()
        out.varint(events)
        out.varint(UInt64(event.bytes.count))
        out.bytes += event.bytes
        return out.bytes
    }

    @Test("a snapshot body claiming 2³¹ − 1 events, fields, array items or members in a few bytes is refused, without reserving room for them")
    func hugeCounts() {
        var huge = ByteWriter()
        huge.varint(UInt64(Int32.max))
        // The fuzzer's find: an array of 2³¹ − 1 items (tag 5), then an object (tag 6).
        #expect(ReplayCodec.decode(Self.block(value: [5] + huge.bytes)[...], count: 1) == nil)
        #expect(ReplayCodec.decode(Self.block(value: [6] + huge.bytes)[...], count: 1) == nil)
        #expect(ReplayCodec.decode(Self.block(fields: UInt64(Int32.max), value: [0])[...], count: 1) == nil)
        #expect(ReplayCodec.decode(Self.block(events: UInt64(Int32.max), value: [0])[...], count: Int(Int32.max)) == nil)
    }

    @Test("after the fix, honest bodies still decode: an event with an array and an object comes back whole")
    func honestCounts() throws {
        let line = #"{"seq":1,"id":"p","type":"policy","recorded":"2026-01-01T00:00:00Z","network":"c40","date":"2005","applies":"all","title":"t","rules":[{"milestone":"plan","within":12},{"milestone":"report","by":"2010"}],"every":[{"milestone":"report","months":24,"after":"plan"}],"prev":"0000000000000000000000000000000000000000000000000000000000000000"}"#
        let event = try EventDecoder.decodeLine(Array(line.utf8), mode: .stored)
        let decoded = try #require(ReplayCodec.decode(ReplayCodec.encode([event])[...], count: 1))
        #expect(decoded.map(EventEncoder.line) == [Array(line.utf8)])
    }
}
