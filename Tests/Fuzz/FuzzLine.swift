/// The line → event decoder. For every line:
/// - the fast path (`PlainLineDecoder`) and the general one (JSON reader, then
///   `EventDecoder.decode`) agree: what the fast path accepts, the general path accepts as the
///   same event; `decodeLine` accepts exactly what the general path accepts;
/// - the facts' decoder (`FactDecoder`, used by the views) accepts exactly the same lines;
/// - an accepted stored line re-encodes canonically (`EventEncoder.line`), and that line
///   decodes to the same event.
enum FuzzLine {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        for mode in [EventDecoder.Mode.stored, .input] {
            let general: Event? = (try? JSONReader.parse(bytes)).flatMap { try? EventDecoder.decode($0, mode: mode) }
            if let plain = PlainLineDecoder.decode(bytes, mode: mode) {
                require(general != nil, "the fast path accepts a line the general decoder rejects (\(mode))")
                if let general {
                    require(EventEncoder.line(plain) == EventEncoder.line(general), "the two decoders read different events (\(mode))")
                }
            }
            let decoded = try? EventDecoder.decodeLine(bytes, mode: mode)
            require((decoded != nil) == (general != nil), "decodeLine and the general decoder disagree (\(mode))")
            if mode == .stored {
                var names = Interner()
                let fact = try? FactDecoder.decode(bytes, names: &names) { _ in 0 }
                require((fact != nil) == (decoded != nil), "the facts' decoder and the event decoder disagree")
                if let fact, let decoded {
                    var own = Interner()
                    let expected = Fact(decoded, names: &own)
                    func name(_ h: Int32, _ n: Interner) -> String { h == Interner.none ? "-" : n.string(h) }
                    require(fact.type == expected.type && fact.seq == expected.seq && fact.earliest == expected.earliest
                            && fact.latest == expected.latest && fact.recorded == expected.recorded && fact.idHash == expected.idHash
                            && name(fact.member, names) == name(expected.member, own) && name(fact.network, names) == name(expected.network, own)
                            && name(fact.date, names) == name(expected.date, own) && name(fact.detail, names) == name(expected.detail, own)
                            && name(fact.into, names) == name(expected.into, own),
                            "the fact differs from the event's")
                }
            }
            // An input event has no envelope yet: only a stored line has a canonical form.
            guard mode == .stored, let decoded else { continue }
            let canonical = EventEncoder.line(decoded)
            guard let again = try? EventDecoder.decodeLine(canonical, mode: mode) else {
                require(false, "the canonical line does not decode (\(mode)): \(String(decoding: canonical, as: UTF8.self))")
                return
            }
            require(EventEncoder.line(again) == canonical, "the canonical line decodes to another event (\(mode))")
            require(EventEncoder.content(again) == EventEncoder.content(decoded), "the content changed")
        }
    }
}
