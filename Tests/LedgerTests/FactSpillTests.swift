import Foundation
import Testing
import TestSupport
@testable import Ledger

/// Facts set aside in a temporary file while a log is decoded (`FactSpill`): read back as
/// written, and, with the lines kept in memory, the facts of the whole log.
@Suite("Facts spilled to a temporary file")
struct FactSpillTests {
    @Test("records read back whole while the space behind them is given back")
    func releasing() throws {
        let spill = try FactSpill(counting: false)
        // Three release steps and a part, so that holes are punched behind the reader thrice.
        let n = FactSpill.releaseStep * 3 / MemoryLayout<FactSpill.Record>.stride + 1_000
        for k in 0..<n {
            var fact = Fact(type: .milestone, seq: Int32(k + 1))
            fact.idHash = UInt64(k) &* 0x9E37_79B9_7F4A_7C15
            try spill.append(fact, start: k * 7)
        }
        try spill.flush()
        let before = spill.allocatedBytes
        var seen = 0
        try spill.forEachBatch(releasing: true) { batch in
            for record in batch {
                if record.fact.seq != Int32(seen + 1) || record.start != seen * 7
                    || record.fact.idHash != UInt64(seen) &* 0x9E37_79B9_7F4A_7C15 {
                    Issue.record("record \(seen) read back as \(record.fact.seq), \(record.start)")
                }
                seen += 1
            }
        }
        #expect(seen == n)
        // Where the file system punches holes, all but the last step's space is back.
        let after = spill.allocatedBytes
        #expect(after <= before)
        print("spill of \(before) bytes: \(after) still allocated after reading it (releasing)")
    }

    @Test("records read back in order, across batches; members counted; nothing after discard")
    func roundTrip() throws {
        let spill = try FactSpill()
        let n = FactSpill.batch * 2 + 17
        for k in 0..<n {
            var fact = Fact(type: k % 3 == 0 ? .milestone : .membership, seq: Int32(k + 1))
            fact.member = Int32(k % 5)
            fact.idHash = UInt64(k) &* 0x9E37_79B9_7F4A_7C15
            fact.earliest = Int32(k)
            try spill.append(fact, start: k * 100)
        }
        #expect(spill.count == n)
        var expected = [Int32](repeating: 0, count: spill.perMember.count)
        for k in 0..<n { expected[k % 5] += 1 }
        #expect(spill.perMember == expected)
        var seen = 0, batches = 0
        try spill.forEachBatch { batch in
            batches += 1
            for record in batch {
                #expect(record.fact.seq == Int32(seen + 1) && record.start == seen * 100)
                #expect(record.fact.idHash == UInt64(seen) &* 0x9E37_79B9_7F4A_7C15 && record.fact.earliest == Int32(seen))
                seen += 1
            }
        }
        #expect(seen == n && batches == 3)
        // Appended in bulk, not counted by member.
        let copy = try FactSpill(counting: false)
        try spill.forEachBatch { (batch) throws(LedgerError) in try copy.append(contentsOf: batch) }
        #expect(copy.count == n && copy.perMember.isEmpty)
        var again = 0
        try copy.forEachBatch { batch in
            for record in batch where record.fact.seq == Int32(again + 1) { again += 1 }
        }
        #expect(again == n)
        copy.discard()
        var after = 0
        try copy.forEachBatch { after += $0.count }
        #expect(after == 0)
    }

    @Test("every field a spilled fact keeps reads back exactly, at the edges of its range, for every type")
    func everyField() throws {
        let spill = try FactSpill(counting: false)
        var written: [(Fact, Int)] = []
        var random = SplitMix64(seed: 34)
        for (k, type) in EventType.allCases.enumerated() {
            for edge in 0..<4 {
                var fact = Fact(type: type, seq: [1, Int32.max, Int32(k + 2), 1_000_000][edge])
                fact.recorded = [0, Int64.min, Int64.max, -1_000_000_007][edge]
                fact.idHash = [0, UInt64.max, 1 << 63, random.next()][edge]
                fact.earliest = [Int32.min, -1, 0, Int32.max][edge]
                fact.latest = [Int32.max, 0, Int32.min, 730_485][edge]
                fact.date = [Interner.none, Fact.pendingDate(7), 0, Int32.max][edge]
                fact.member = [0, Int32.max, 123_456, Interner.none][edge]
                fact.network = [Interner.none, 0, Int32.max, 42][edge]
                fact.detail = [Int32.max, Interner.none, 1, 0][edge]
                fact.flags = UInt8(edge)
                let start = [0, (1 << 48) - 1, 1 << 32, Int(random.next() >> 16)][edge]
                try spill.append(fact, start: start)
                written.append((fact, start))
            }
        }
        var read: [(Fact, Int)] = []
        try spill.forEachBatch { batch in read += batch.map { ($0.fact, $0.start) } }
        try #require(read.count == written.count)
        for ((a, s), (b, t)) in zip(read, written) {
            #expect(s == t && a.type == b.type && a.seq == b.seq && a.recorded == b.recorded && a.idHash == b.idHash
                     && a.earliest == b.earliest && a.latest == b.latest && a.date == b.date && a.member == b.member
                     && a.network == b.network && a.detail == b.detail && a.flags == b.flags
                     && a.reference == -1 && a.into == Interner.none, "\(b.type) \(b.seq)")
        }
    }

    @Test("a directory where no file can be made: an I/O error naming it, with a hint")
    func noDirectory() {
        do {
            _ = try FactSpill(directory: "/nonexistent-\(UUID().uuidString)")
            Issue.record("a spill was made in a missing directory")
        } catch {
            #expect(error.kind == .io)
            #expect(error.message.contains("/nonexistent-"))
            #expect(error.hint?.contains("TMPDIR") == true)
        }
    }

    @Test("decoding with a spill: the lines kept and the lines spilled are the whole log's facts, in pieces of any size",
          arguments: [1, 300, 1 << 21])
    func decodeWithSpill(stretch: Int) throws {
        let shipped = try FactLogDecodeTests.shipped()
        // Cut after the last line that is spilled, so that the head is a line the log does
        // not keep (and, in small pieces, the pieces after its start have no line of their own).
        let lines = LogLines.split(shipped).filter(\.terminated)
        let last = try #require(lines.lastIndex { line in
            let text = String(decoding: shipped[line.range], as: UTF8.self)
            return text.contains(#""type":"milestone""#) || text.contains(#""type":"membership""#)
        })
        let bytes = Array(shipped[..<lines[last].range.upperBound]) + [0x0A]
        let (whole, wholeHead) = try bytes.withUnsafeBufferPointer { b throws(LedgerError) in
            try FactLog.decode(b, file: "ledger.jsonl", firstLine: 1, baseOffset: 0, release: nil, progress: nil,
                               registrationsAsFacts: true, stretch: stretch)
        }
        let spill = try FactSpill()
        let (core, head) = try bytes.withUnsafeBufferPointer { b throws(LedgerError) in
            try FactLog.decode(b, file: "ledger.jsonl", firstLine: 1, baseOffset: 0, release: nil, progress: nil,
                               registrationsAsFacts: true, stretch: stretch, spill: spill)
        }
        #expect(head == wholeHead)
        #expect(core.facts.allSatisfy { !FactLog.spills($0) })
        var spilled: [(Fact, Int)] = []
        try spill.forEachBatch { batch in spilled += batch.map { ($0.fact, $0.start) } }
        try #require(spilled.count > 10 && core.facts.count > 10)
        #expect(spilled.allSatisfy { FactLog.spills($0.0) })
        // Merged by seq, they are the whole log's facts with its handles and line starts.
        let merged = (core.facts.indices.map { (core.facts[$0], core.lineStarts![$0]) } + spilled).sorted { $0.0.seq < $1.0.seq }
        #expect(merged.map { FactDecoderTests.describe($0.0, core.names) } == whole.facts.map { FactDecoderTests.describe($0, whole.names) })
        #expect(merged.map(\.1) == whole.lineStarts!)
        #expect(core.names.count == whole.names.count)
        var counts = [Int32](repeating: 0, count: core.names.count)
        for (fact, _) in spilled { counts[Int(fact.member)] += 1 }
        #expect(Array(spill.perMember.prefix(counts.count)) == Array(counts.prefix(spill.perMember.count)))
    }
}
