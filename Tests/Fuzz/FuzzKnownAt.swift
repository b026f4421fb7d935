/// `--known-at`: never crashes; `seq:N` reads back; an instant, written to the second as the
/// ledger writes `recorded`, reads back to the same second; a day means its last second, UTC.
enum FuzzKnownAt {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let written = text(bytes), let knownAt = try? KnownAt.parse(written) else { return }
        switch knownAt {
        case .seq(let n):
            require(n >= 0 && (try? KnownAt.parse("seq:\(n)")) == .seq(n), "seq:\(n) does not read back")
        case .instant(let instant):
            let second = Timestamp(seconds: instant.seconds)
            let day = Day(ordinal: Int32(Day.floorDiv(Int(instant.seconds), 86_400)))
            if day.year >= 1 && day.year <= 9999 {
                require(Timestamp.parseRecorded(second.recordedText) == second, "\(written): \(second.recordedText) does not read back")
            }
            if let parsed = Day.parse(written) {
                require(instant == Timestamp.endOf(parsed), "\(written): a day is not its last instant")
            }
        }
    }
}
