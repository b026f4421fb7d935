/// The replay snapshot's body decoder (`FactLog.decoded`, which reads `ReplayCodec` too):
/// never crashes on any bytes; a body it reads, encoded again, reads back to the same bytes.
/// The count it is asked for is the one the body starts with (a varint), as a header would say.
enum FuzzSnapshot {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let body = Array(bytes)[...]
        var reader = ByteReader(body)
        guard let count = reader.count(), count <= 1 << 20 else { return }
        guard let log = FactLog.decoded(body, count: count) else { return }
        let encoded = log.encoded()
        guard let again = FactLog.decoded(encoded[...], count: count) else {
            require(false, "a body read and encoded again does not read back")
            return
        }
        require(again.encoded() == encoded, "encoding is not stable")
        // The events alone, through the block codec.
        let events = ReplayCodec.encode(log.reference)
        require(ReplayCodec.decode(events[...], count: log.reference.count, consecutive: false).map(ReplayCodec.encode) == events,
                "the reference events do not round-trip")
    }
}
