#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts set aside in a temporary file, in the order they came, each with where its line
/// starts in the log: how a log too large to hold as facts is read once and then replayed a
/// range of members at a time (`FactLog.decode(…spill:)`).
///
/// The file is made in `$TMPDIR` (else `/tmp`) and unlinked at once: nothing is left behind,
/// even when the process is killed. Used from one thread at a time, but for two reading at
/// once (`forEachBatch`).
///
/// It holds spilled facts only (`FactLog.spills`): a fact that names no whole event
/// (`reference` -1) and is not a merger (`into` none). Those two are not stored, so a record
/// takes 52 bytes in the file rather than 64 (`Stored`).
package final class FactSpill: @unchecked Sendable {
    /// One fact and the offset of its line.
    package struct Record: Sendable {
        package var fact: Fact
        package var start: Int
    }

    /// A record as the file holds it: thirteen 4-byte words. At ten million events the
    /// spill and the ranges' files are written and read a gigabyte at a time, and the
    /// kernel's copying into fresh page-cache pages was a tenth of all samples.
    private struct Stored {
        var recordedLow: UInt32, recordedHigh: UInt32
        var hashLow: UInt32, hashHigh: UInt32
        /// The line's offset in 48 bits, then the type's code and the flags.
        var startLow: UInt32, startHighTypeFlags: UInt32
        var seq: Int32, earliest: Int32, latest: Int32, date: Int32, member: Int32, network: Int32, detail: Int32

        init(_ record: Record) {
            let fact = record.fact
            precondition(fact.reference == -1 && fact.into == Interner.none && record.start >= 0 && record.start < 1 << 48,
                         "only spilled facts (no whole event, no merger) of a log under 256 TiB are spilled")
            let recorded = UInt64(bitPattern: fact.recorded), start = UInt64(record.start)
            recordedLow = UInt32(truncatingIfNeeded: recorded)
            recordedHigh = UInt32(truncatingIfNeeded: recorded >> 32)
            hashLow = UInt32(truncatingIfNeeded: fact.idHash)
            hashHigh = UInt32(truncatingIfNeeded: fact.idHash >> 32)
            startLow = UInt32(truncatingIfNeeded: start)
            startHighTypeFlags = UInt32(truncatingIfNeeded: start >> 32) | UInt32(fact.type.code) << 16 | UInt32(fact.flags) << 24
            seq = fact.seq
            earliest = fact.earliest
            latest = fact.latest
            date = fact.date
            member = fact.member
            network = fact.network
            detail = fact.detail
        }

        /// The record, or nil when the type's code is none (the file was damaged).
        var record: Record? {
            guard let type = EventType(code: UInt8(truncatingIfNeeded: startHighTypeFlags >> 16)) else { return nil }
            var fact = Fact(type: type, seq: seq)
            fact.recorded = Int64(bitPattern: UInt64(recordedHigh) << 32 | UInt64(recordedLow))
            fact.idHash = UInt64(hashHigh) << 32 | UInt64(hashLow)
            fact.earliest = earliest
            fact.latest = latest
            fact.date = date
            fact.member = member
            fact.network = network
            fact.detail = detail
            fact.flags = UInt8(truncatingIfNeeded: startHighTypeFlags >> 24)
            return Record(fact: fact, start: Int(UInt64(startHighTypeFlags & 0xFFFF) << 32 | UInt64(startLow)))
        }
    }

    /// Records written out at a time (256 KiB).
    package static let batch = 4096

    private let fd: Int32
    private let path: String
    private var pending: [Stored] = []
    /// How many records have been appended.
    package private(set) var count = 0
    /// How many records name each member handle (indexed by handle; shorter when the
    /// highest handles name none).
    package private(set) var perMember: [Int32] = []

    /// Whether `perMember` is counted.
    private let counting: Bool

    /// What to do when the temporary directory is missing or full.
    private static let roomHint = "set TMPDIR to a directory with room for the log's facts (up to about a third of the log's size)"

    /// An empty spill in `directory` (nil: `$TMPDIR`, else `/tmp`); with `counting`, it
    /// counts the records of each member.
    /// - Throws: `.io` when the file cannot be made.
    package init(directory: String? = nil, counting: Bool = true) throws(LedgerError) {
        self.counting = counting
        let base = directory ?? FileIO.temporaryDirectory
        var template = Array((base + "/memberships-facts-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard fd >= 0 else {
            throw LedgerError(.io, "cannot make a temporary file in \(base): \(FileIO.errorText())", hint: FactSpill.roomHint)
        }
        unlink(path)
        self.fd = fd
        self.path = path
        pending.reserveCapacity(FactSpill.batch)
    }

    deinit { close(fd) }

    /// Appends one fact and the offset of its line.
    package func append(_ fact: Fact, start: Int) throws(LedgerError) {
        let record = Record(fact: fact, start: start)
        try withUnsafePointer(to: record) { (one) throws(LedgerError) in try append(contentsOf: UnsafeBufferPointer(start: one, count: 1)) }
    }

    /// Appends records, counting their members in `perMember` when this spill counts.
    package func append(contentsOf records: UnsafeBufferPointer<Record>) throws(LedgerError) {
        if counting, let highest = records.lazy.map({ Int($0.fact.member) }).max(), highest >= 0 {
            if highest >= perMember.count {
                perMember.append(contentsOf: repeatElement(0, count: max(highest + 1 - perMember.count, 1024)))
            }
            perMember.withUnsafeMutableBufferPointer { counts in
                for record in records where record.fact.member >= 0 { counts[Int(record.fact.member)] += 1 }
            }
        }
        for record in records {
            pending.append(Stored(record))
            if pending.count == FactSpill.batch { try flush() }
        }
        count += records.count
    }

    /// Writes out what is pending: call once the last record is appended.
    package func flush() throws(LedgerError) {
        guard !pending.isEmpty else { return }
        if let failure = pending.withUnsafeBytes({ FileIO.write(fd: fd, $0) }) {
            throw LedgerError(.io, "cannot write the temporary facts (\(path)): \(FileIO.errorText(failure))",
                              hint: FactSpill.roomHint)
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Bytes of storage the file takes now (what `forEachBatch(releasing:)` gives back).
    package var allocatedBytes: Int {
        var info = stat()
        return fstat(fd, &info) == 0 ? Int(info.st_blocks) * 512 : 0
    }

    /// Gives the file's space back: nothing can be read after this.
    package func discard() {
        pending.removeAll()
        count = 0
        ftruncate(fd, 0)
    }

    /// Reads every record back, in order, a batch at a time (the same buffer each time).
    /// Two threads may read at once, once everything is written (`flush`), each with its own
    /// call.
    /// - Parameters:
    ///   - releasing: give the file's space back as it is read (nothing can be read again
    ///     after this): its pages are free for whatever is written meanwhile.
    ///   - releasable: with `releasing`, while another thread reads too: how many records
    ///     that one is done with. Only those are given back.
    package func forEachBatch(releasing: Bool = false, releasable: (() -> Int)? = nil,
                              _ body: (UnsafeBufferPointer<Record>) throws(LedgerError) -> Void) throws(LedgerError) {
        try flush()
        let stride = MemoryLayout<Stored>.stride
        let stored = UnsafeMutableBufferPointer<Stored>.allocate(capacity: FactSpill.batch)
        defer { stored.deallocate() }
        let buffer = UnsafeMutableBufferPointer<Record>.allocate(capacity: FactSpill.batch)
        defer { buffer.deallocate() }
        var offset = 0, left = count, released = 0
        while left > 0 {
            let n = min(left, FactSpill.batch)
            // Stored records hold no references: their bytes are read straight into the buffer.
            let (done, failure) = FileIO.read(fd: fd, into: UnsafeMutableRawBufferPointer(start: stored.baseAddress!, count: n * stride), at: offset)
            guard failure == nil, done == n * stride else {
                throw LedgerError(.io, "cannot read the temporary facts back (\(path)): "
                                  + (failure.map { FileIO.errorText($0) } ?? "the file is shorter than written"))
            }
            for k in 0..<n {
                guard let record = stored[k].record else {
                    throw LedgerError(.io, "cannot read the temporary facts back (\(path)): a record is damaged")
                }
                (buffer.baseAddress! + k).initialize(to: record)
            }
            try body(UnsafeBufferPointer(rebasing: buffer[..<n]))
            offset += n * stride
            left -= n
            if releasing {
                let limit = releasable.map { min(offset, $0() * stride) } ?? offset
                if limit - released >= FactSpill.releaseStep { released = punchHole(released..<limit) }
            }
        }
    }

    /// Bytes read between two givings back of a file's space (`forEachBatch(releasing:)`).
    static let releaseStep = 8 << 20

    /// Gives back the file's space in the whole pages of `range` (`MADV_REMOVE` on a shared
    /// mapping of them: a hole punched in the file, where its file system can; elsewhere the
    /// space comes back when the file is closed). Returns where the pages given back end.
    private func punchHole(_ range: Range<Int>) -> Int {
        #if os(Linux)
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let lower = range.lowerBound / page * page, upper = range.upperBound / page * page
        guard upper > lower else { return range.lowerBound }
        let length = upper - lower
        guard let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off_t(lower)),
              mapped != MAP_FAILED else { return range.lowerBound }
        _ = madvise(mapped, length, 9) // MADV_REMOVE
        munmap(mapped, length)
        return upper
        #else
        return range.lowerBound
        #endif
    }
}
