import Ledger

extension FoldedStatus {
    /// Every commitment of the fold and its changes, held as encoded (`entrySize` and
    /// `changeSize` bytes each, see `FoldedStatus+Codec`) and read in place: a snapshot's
    /// status part is checked once, not copied into arrays of its own (at a million events
    /// that was twenty megabytes of fresh memory before the first row).
    struct CommitmentTable: Sendable {
        /// The bytes that hold them (offsets count from their start): a snapshot's status
        /// part, or an encoding made here.
        private let bytes: PinnedBytes
        private let entryStart: Int
        private let changeStart: Int
        let entryCount: Int
        let changeCount: Int
        /// Where each commitment's changes begin (the encoding keeps only their counts).
        private let firsts: [Int32]
        /// Each date's earliest and latest day, by date handle.
        let days: [(earliest: Int32, latest: Int32)]

        /// A table over `bytes`, already checked (`FoldedStatus.decoded`).
        init(bytes: PinnedBytes, entryStart: Int, entryCount: Int, changeStart: Int, changeCount: Int, firsts: [Int32],
             days: [(earliest: Int32, latest: Int32)]) {
            self.bytes = bytes
            self.entryStart = entryStart
            self.entryCount = entryCount
            self.changeStart = changeStart
            self.changeCount = changeCount
            self.firsts = firsts
            self.days = days
        }

        /// A table of `entries`, each one's changes following the previous one's in `changes`,
        /// whose dates are handles `0..<dates`.
        init(entries: [Entry], changes: [Change], dates: Int) {
            var days = [(earliest: Int32, latest: Int32)](repeating: (0, 0), count: dates)
            for entry in entries { days[Int(entry.start.date)] = (entry.start.earliest, entry.start.latest) }
            for change in changes { days[Int(change.days.date)] = (change.days.earliest, change.days.latest) }
            var out = ByteWriter()
            out.bytes.reserveCapacity(entries.count * entrySize + changes.count * changeSize)
            for entry in entries { CommitmentTable.encode(entry, into: &out) }
            for change in changes { CommitmentTable.encode(change, into: &out) }
            self.init(bytes: PinnedBytes(copying: out.bytes), entryStart: 0, entryCount: entries.count, changeStart: entries.count * entrySize,
                      changeCount: changes.count, firsts: entries.map(\.first), days: days)
        }

        private static func encode(_ entry: Entry, into out: inout ByteWriter) {
            out.le32(entry.member)
            out.le32(entry.network)
            out.le32(entry.origin)
            out.le32(entry.via.map { Int32($0.code) + 1 } ?? 0)
            out.le32(entry.begins)
            out.le32(entry.start.date)
            out.le32(entry.settles)
            out.le32(entry.count)
        }

        private static func encode(_ change: Change, into out: inout ByteWriter) {
            out.le32(Int32(change.kind.rawValue) << 28 | (change.detail + 1))
            out.le32(change.days.date)
        }

        /// The commitments as encoded, `entrySize` bytes each.
        var entryBytes: UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: bytes.raw[entryStart..<entryStart + entryCount * entrySize])
        }

        /// Their changes as encoded, `changeSize` bytes each.
        var changeBytes: UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: bytes.raw[changeStart..<changeStart + changeCount * changeSize])
        }

        private func days(_ date: Int32) -> EventDays {
            EventDays(date: date, earliest: days[Int(date)].earliest, latest: days[Int(date)].latest)
        }

        /// The commitment at `k` (in row order).
        func entry(_ k: Int) -> Entry {
            do {
                let raw = bytes.raw
                func v(_ i: Int) -> Int32 {
                    Int32(littleEndian: raw.loadUnaligned(fromByteOffset: entryStart + k * entrySize + 4 * i, as: Int32.self))
                }
                let code = v(3)
                return Entry(member: v(0), network: v(1), origin: v(2), via: code == 0 ? nil : EventType(code: UInt8(code - 1)),
                             begins: v(4), start: days(v(5)), settles: v(6), first: firsts[k], count: v(7))
            }
        }

        /// The places of the commitments begun by `day`, in order: the rows of a day, read in
        /// one pass over the table (a quarter of a million commitments and more before the
        /// first row).
        func begun(by day: Int32) -> [Int32] {
            let raw = UnsafeRawBufferPointer(rebasing: bytes.raw[entryStart..<entryStart + entryCount * entrySize])
            return [Int32](unsafeUninitializedCapacity: entryCount) { out, made in
                var n = 0
                for k in 0..<entryCount
                where Int32(littleEndian: raw.loadUnaligned(fromByteOffset: k &* entrySize &+ 16, as: Int32.self)) <= day {
                    out[n] = Int32(truncatingIfNeeded: k)
                    n &+= 1
                }
                made = n
            }
        }

        /// The change at `k`.
        func change(_ k: Int) -> Change {
            do {
                let raw = bytes.raw
                let packed = Int32(littleEndian: raw.loadUnaligned(fromByteOffset: changeStart + k * changeSize, as: Int32.self))
                let date = Int32(littleEndian: raw.loadUnaligned(fromByteOffset: changeStart + k * changeSize + 4, as: Int32.self))
                return Change(kind: Change.Kind(rawValue: UInt8(packed >> 28))!, detail: (packed & 0x0FFF_FFFF) - 1, days: days(date))
            }
        }

        /// The earliest day of the change at `k`, read alone.
        func changeEarliest(_ k: Int) -> Int32 {
            days[Int(Int32(littleEndian: bytes.raw.loadUnaligned(fromByteOffset: changeStart + k * changeSize + 4, as: Int32.self)))].earliest
        }
    }
}
