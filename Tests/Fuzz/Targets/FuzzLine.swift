/// The line → event decoder, both ways in: the fast path for plain lines and the general
/// JSON path must agree; an accepted line re-encodes canonically and decodes to the same
/// event; the fact decoder accepts exactly the stored lines the event decoder accepts.
enum FuzzLine: FuzzTarget {
    static func run(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { line in
            for mode in [EventDecoder.Mode.stored, .input] {
                let fast = PlainLineDecoder.decode(line, mode: mode)
                let general: Event? = (try? JSONReader.parse(line)).flatMap { try? EventDecoder.decode($0, mode: mode) }
                if let fast {
                    guard let general else {
                        check(false, "the fast path accepts a line the general decoder rejects (\(mode))")
                        return
                    }
                    check(EventEncoder.line(fast) == EventEncoder.line(general), "the two paths decode different events (\(mode))")
                }
                let decoded = try? EventDecoder.decodeLine(line, mode: mode)
                check((decoded == nil) == (general == nil), "decodeLine and the general decoder disagree on acceptance (\(mode))")
                guard var event = decoded else { continue }
                // An input line may leave its id out (the writer makes one); give it one to write.
                if event.id.rawValue.isEmpty { event.id = EventID("fuzz-id") }
                // A stored line re-encodes whole; an input line as what a client sends.
                let canonical = mode == .stored ? EventEncoder.line(event) : EventEncoder.content(event)
                guard let again = try? EventDecoder.decodeLine(canonical, mode: mode) else {
                    check(false, "the canonical line of an accepted event is rejected: \(String(decoding: canonical, as: UTF8.self))")
                    return
                }
                let reencoded = mode == .stored ? EventEncoder.line(again) : EventEncoder.content(again)
                check(reencoded == canonical, "the canonical line does not decode to the same event")
                // Members' registrations kept whole (views) or as facts alone (a writer's cache).
                for registrations in [false, true] where mode == .stored {
                    var names = Interner()
                    let fact = try? FactDecoder.decode(line, names: &names, registrations: registrations, reference: { _ in 0 })
                    check(fact != nil, "the fact decoder rejects a stored line the event decoder accepts")
                    if let fact {
                        var names2 = Interner()
                        let expected = Fact(event, names: &names2)
                        func slug(_ h: Int32, _ n: Interner) -> String? { h == Interner.none ? nil : n.string(h) }
                        check(fact.seq == expected.seq && fact.earliest == expected.earliest && fact.latest == expected.latest
                              && fact.type == expected.type && fact.recorded == expected.recorded
                              && slug(fact.member, names) == slug(expected.member, names2),
                              "the fact of a line differs from the fact of its event")
                    }
                }
            }
            if (try? EventDecoder.decodeLine(line, mode: .stored)) == nil {
                for registrations in [false, true] {
                    var names = Interner()
                    check((try? FactDecoder.decode(line, names: &names, registrations: registrations, reference: { _ in 0 })) == nil,
                          "the fact decoder accepts a stored line the event decoder rejects")
                }
            }
        }
    }
}
