import Foundation
import TestSupport
import Testing
@testable import Ledger
@testable import Projections

/// `status` with no `--member` decodes the log keeping only the fact of each member's
/// registration, not its whole event (`FactLog.decode(…registrationsAsFacts: true)`): its
/// rows must be those of the log decoded whole, whatever the amendments do to registrations.
@Suite("Status without members' registrations")
struct RegistrationsAsFactsTests {
    /// The replay of `ledger`'s log read from a file, decoded with or without members'
    /// registrations kept whole, as known at `knownAt`.
    static func replays(_ ledger: TestLedger, knownAt: KnownAt?) throws -> (whole: Replay, facts: Replay, registrations: Int) {
        let bytes: [UInt8] = ledger.events.flatMap { Array(EventEncoder.line($0)) + [0x0A] }
        let path = NSTemporaryDirectory() + "registrations-\(UUID().uuidString).jsonl"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try MappedFile(path: path)
        func replay(_ registrationsAsFacts: Bool) throws -> (Replay, Int) {
            // Small pieces, so that several are merged.
            let (log, _) = try FactLog.decode(file.bytes, file: "ledger.jsonl", firstLine: 1, baseOffset: 0, release: nil,
                                              progress: nil, registrationsAsFacts: registrationsAsFacts, stretch: 512)
            let kept = log.reference.filter { $0.type == .member }.count
            return (Replay(log: log, source: LineSource(file: file, lineStarts: log.lineStarts ?? []), knownAt: knownAt), kept)
        }
        let (whole, registrations) = try replay(false)
        let (facts, keptAsEvents) = try replay(true)
        #expect(keptAsEvents == 0, "a member's registration kept its whole event")
        return (whole, facts, registrations)
    }

    @Test("random ledgers, corrections moving events and amending registrations: the same rows as the log decoded whole",
          arguments: PropertyTests.seeds)
    func randomLedgers(seed: UInt64) throws {
        for moving in [false, true] {
            let ledger = try RandomLedger.make(seed: seed, moving: moving, registrations: true)
            let amended = ledger.events.filter { $0.type.isAmendment && $0.target?.rawValue.hasPrefix("reg-m") == true }.count
            #expect(amended > 0, "seed \(seed): no amendment of a member's registration")
            let days = PropertyTests.days(of: ledger.events, count: 3, seed: seed)
            for knownAt in [nil, KnownAt.seq(ledger.events.count / 2)] {
                let (whole, facts, registrations) = try Self.replays(ledger, knownAt: knownAt)
                #expect(registrations > 0, "seed \(seed): the log decoded whole kept no registration")
                for day in days {
                    let expected = whole.status(asOf: day, member: nil, network: nil)
                    #expect(facts.status(asOf: day, member: nil, network: nil) == expected,
                            "seed \(seed), moving \(moving), as of \(day), known at \(String(describing: knownAt))")
                }
            }
        }
    }

    @Test("a network filter still finds the registered network, and an unknown one is still refused")
    func networkFilter() throws {
        let ledger = try RandomLedger.make(seed: 11)
        let (whole, facts, _) = try Self.replays(ledger, knownAt: nil)
        let network = try #require(ledger.events.first { $0.type == .network }?.network)
        #expect(try facts.checkNetwork(network.rawValue) == network)
        let day = Day(year: 2030, month: 1, day: 1)!
        #expect(facts.status(asOf: day, member: nil, network: network) == whole.status(asOf: day, member: nil, network: network))
        #expect(throws: ViewError.self) { try facts.checkNetwork(network.rawValue + "-nowhere") }
    }
}
