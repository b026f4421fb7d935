import Testing
@testable import Ledger

/// SPEC §3: a correction may set any field of its target's type (and `source`, `note`),
/// written in the canonical order; the corrected event must stay valid for its type.
@Suite("Corrections set any field of the target's type")
struct CorrectionFieldsTests {
    let base = """
    {"id":"c40","type":"network","network":"c40","name":"C40","kind":"network"}
    {"id":"paris","type":"member","member":"paris","name":"Paris","kind":"city"}
    {"id":"pol","type":"policy","network":"c40","date":"2010","title":"Rules","rules":[{"milestone":"plan","within":24}]}
    """

    @Test("a policy's applies, rules and every; a network's kind and founded; a member's population")
    func anyField() throws {
        let l = try TempLedger()
        try l.append(base)
        try l.append(#"{"type":"correction","target":"pol","set":{"every":[{"milestone":"report","months":24,"after":"plan"}],"applies":"all","rules":[{"milestone":"plan","by":"2020"}]},"reason":"r"}"#)
        try l.append(#"{"type":"correction","target":"c40","set":{"founded":"2005-10","kind":"pact"},"reason":"r"}"#)
        try l.append(#"{"type":"correction","target":"paris","set":{"population":2100000,"country":"FR"},"reason":"r"}"#)
        #expect(Verifier.verify(bytes: l.logBytes).ok)
        let events = try LogReader.events(in: l.logBytes, file: "log").events
        // `set` is written in canonical order: applies before rules before every.
        let line = String(decoding: EventEncoder.line(events[4]), as: UTF8.self)
        #expect(line.contains(#""set":{"applies":"all","rules":[{"milestone":"plan","by":"2020"}],"every":[{"milestone":"report","months":24,"after":"plan"}]}"#))
        let effective = Amendments.effective(events)
        guard case .policy(let policy)? = effective.first(where: { $0.id == EventID("pol") })?.payload else {
            Issue.record("no policy"); return
        }
        #expect(policy.isStandard)
        #expect(policy.every?.first?.after == "plan")
        guard case .network(let network)? = effective.first(where: { $0.id == EventID("c40") })?.payload else {
            Issue.record("no network"); return
        }
        #expect(network.kind == .pact)
        #expect(network.founded?.text == "2005-10")
    }

    @Test("a value that does not fit the target's type is rejected, and nothing is written", arguments: [
        (#"{"type":"correction","target":"c40","set":{"kind":"city"},"reason":"r"}"#, "not one of network, pact"),
        (#"{"type":"correction","target":"paris","set":{"founded":"2005"},"reason":"r"}"#, "has no field 'founded'"),
        (#"{"type":"correction","target":"pol","set":{"applies":"some"},"reason":"r"}"#, "'some' is not one of new, all"),
        (#"{"type":"correction","target":"pol","set":{"rules":[{"milestone":"plan"}]},"reason":"r"}"#, "exactly one of 'within'"),
    ])
    func misfits(_ line: String, _ fragment: String) throws {
        let l = try TempLedger()
        try l.append(base)
        let error = l.reject(line)
        #expect(error?.kind == .badData)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "none")")
    }
}
