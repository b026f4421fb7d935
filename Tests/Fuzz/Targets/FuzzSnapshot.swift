/// The snapshot decoders, fed outside bytes as if a snapshot's body had passed its check:
/// they never crash, and what they accept encodes to bytes that decode to the same thing
/// (a second round trip is exact). That a decoded snapshot replays like its log is checked
/// by the `validator` target, which round-trips the snapshot of every ledger it builds.
enum FuzzSnapshot: FuzzTarget {
    static func run(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        let body = bytes.dropFirst()
        var reader = ByteReader(body)
        switch selector % 4 {
        case 0:
            guard let count = reader.count(), count < 1 << 16, let log = FactLog.decoded(body, count: count) else { return }
            let once = log.encoded()
            guard let again = FactLog.decoded(once[...], count: count) else {
                check(false, "a re-encoded fact log does not decode")
                return
            }
            check(again.encoded() == once, "a fact log changed through a second round trip")
        case 1:
            guard let count = reader.count(), count < 1 << 16,
                  let events = ReplayCodec.decode(body.dropFirst(body.count - reader.remaining), count: count, consecutive: false)
            else { return }
            let once = ReplayCodec.encode(events)
            guard let again = ReplayCodec.decode(once[...], count: count, consecutive: false) else {
                check(false, "re-encoded events do not decode")
                return
            }
            check(ReplayCodec.encode(again) == once, "events changed through a second round trip")
        case 3:
            // A snapshot's status part: what it accepts round-trips exactly and judges rows
            // as of any day without a trap.
            guard let status = FoldedStatus.decoded(body) else { return }
            let once = status.encoded()
            guard let again = FoldedStatus.decoded(once[...]) else {
                check(false, "a re-encoded folded status does not decode")
                return
            }
            check(again.encoded() == once, "a folded status changed through a second round trip")
            for year in [1000, 2016, 9999] {
                _ = Array(status.statusRows(asOf: Day(year: year, month: 12, day: 31)!, member: nil, network: nil))
            }
        default:
            // A writer's cache header page (short input is padded with zeros).
            var page = Array(body)
            page += repeatElement(0, count: max(0, WriterCache.page - page.count))
            _ = page.withUnsafeBytes { CacheHeader.decode($0) }
        }
    }
}

extension FuzzSnapshot {
    /// Seeds made from a log: its fact log, its events, a cache header page, and its status
    /// folded over every date.
    static func seeds(log: [UInt8]) throws -> [(String, [UInt8])] {
        let decoded = try log.withUnsafeBufferPointer { try FactLog.decode($0, file: "seed", firstLine: 1) }
        var seeds: [(String, [UInt8])] = [("factlog", [0] + decoded.log.encoded())]
        let events = try LogReader.events(in: log, file: "seed").events
        var count = ByteWriter()
        count.varint(UInt64(events.count))
        seeds.append(("events", [1] + count.bytes + ReplayCodec.encode(events)))
        seeds.append(("header", [2] + Array(repeating: 0, count: 64)))
        seeds.append(("folded", [3] + FoldedStatus(Replay(events: events, knownAt: nil)).encoded()))
        return seeds
    }
}
