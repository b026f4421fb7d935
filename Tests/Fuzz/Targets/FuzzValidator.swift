/// The validator fed a stream of decoded events, as `append` feeds it: each input line
/// (after a fixed genesis and a little reference data) is decoded, given its envelope and
/// admitted or rejected. Then the ledger of what was admitted must
/// - pass `verify` (the whole-log check agrees with the incremental one);
/// - decode into facts, and replay from them exactly as from its events;
/// - replay the same from its snapshot (the fact log encoded and decoded again).
enum FuzzValidator: FuzzTarget {
    static let prelude = [
        #"{"id":"n1","type":"network","network":"c40","name":"C40","kind":"network","founded":"2005"}"#,
        #"{"id":"n2","type":"network","network":"gcom","name":"Global Covenant","kind":"network"}"#,
        #"{"id":"m1","type":"member","member":"paris","name":"Paris","kind":"city","country":"FR"}"#,
        #"{"id":"m2","type":"member","member":"lyon","name":"Lyon","kind":"city","country":"FR"}"#,
    ]

    static func run(_ bytes: [UInt8]) {
        var validator = Validator()
        let genesis = Event(seq: 1, id: EventID("g"), recorded: Timestamp(seconds: 1_700_000_000), by: nil,
                            payload: .ledger(Genesis(format: 1, name: "fuzz")), source: nil, note: nil, prev: .zero)
        check((try? validator.admit(genesis)) != nil, "the genesis is refused")
        var events = [genesis]
        var log = EventEncoder.line(genesis) + [0x0A]
        var head = Head(seq: 1, hash: SHA256.hash(EventEncoder.line(genesis)))
        var lines = prelude.map { Array($0.utf8) }
        for line in LogLines.split(bytes) where line.terminated || line.range.upperBound == bytes.count {
            lines.append(Array(bytes[line.range]))
        }
        for (k, line) in lines.prefix(64).enumerated() {
            guard var event = try? EventDecoder.decodeLine(line, mode: .input) else { continue }
            if event.id.rawValue.isEmpty { event.id = EventID("auto-\(k)") }
            event.seq = head.seq + 1
            event.recorded = Timestamp(seconds: 1_700_000_001 + Int64(k))
            event.prev = head.hash
            guard (try? validator.admit(event)) != nil else { continue }
            let encoded = EventEncoder.line(event)
            log += encoded + [0x0A]
            head = Head(seq: event.seq, hash: SHA256.hash(encoded))
            events.append(event)
        }
        let report = Verifier.verify(bytes: log)
        check(report.ok, "verify rejects what the validator admitted: \(report.problems.first.map { "line \($0.line): \($0.message)" } ?? "")")

        let fromEvents = Replay(events: events, knownAt: nil)
        guard let decoded = log.withUnsafeBufferPointer({ try? FactLog.decode($0, file: "fuzz", firstLine: 1) }) else {
            check(false, "a verified log does not decode into facts")
            return
        }
        let snapshotBytes = decoded.log.encoded()
        let fromFacts = Replay(log: decoded.log, source: LineSource(events: events), knownAt: nil)
        guard let restored = FactLog.decoded(snapshotBytes[...], count: events.count) else {
            check(false, "a fact log's encoding does not decode")
            return
        }
        let fromSnapshot = Replay(log: restored, source: LineSource(events: events), knownAt: nil)
        for text in ["1000", "2004-06-30", "2005", "2014-12-31", "2020", "2999"] {
            guard let day = Day.parse(text) ?? (try? EDTFDate.parseAsOf(text)) else { continue }
            let expected = fromEvents.status(asOf: day, member: nil, network: nil)
            check(fromFacts.status(asOf: day, member: nil, network: nil) == expected, "status from facts differs at \(text)")
            check(fromSnapshot.status(asOf: day, member: nil, network: nil) == expected, "status from the snapshot differs at \(text)")
            let timeline = fromEvents.timeline(asOf: day, member: nil, network: nil, from: nil, to: nil)
            check(fromFacts.timeline(asOf: day, member: nil, network: nil, from: nil, to: nil) == timeline,
                  "timeline from facts differs at \(text)")
            check(fromSnapshot.networks(asOf: day) == fromEvents.networks(asOf: day), "networks from the snapshot differ at \(text)")
            check(fromSnapshot.members(asOf: day) == fromEvents.members(asOf: day), "members from the snapshot differ at \(text)")
        }
    }
}
