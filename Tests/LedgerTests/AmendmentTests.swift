import Foundation
import Testing
import TestSupport
@testable import Ledger

/// Corrections and retractions are checked by re-checking only the lines they can change
/// (SPEC §3: "after a correction or retraction the whole ledger must still obey these
/// rules"). Held to a reference that replays the whole effective record from scratch.
@Suite("Amendments re-check what they change, as a whole replay would")
struct AmendmentTests {
    static let seeds: [UInt64] = Array(1...40)

    /// What happened to the candidates of one seeded run.
    struct Tally {
        var admitted = 0
        var amendmentsAdmitted = 0
        /// Rejected amendments' messages.
        var rejections: [String] = []
    }

    /// The message of a rejection, or nil when admitted.
    static func outcome(_ body: () throws(EventError) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return error.message
        }
    }

    /// Feeds the same candidates to the incremental validator and to the replay, comparing
    /// every verdict; returns the tally and both validators.
    static func run(seed: UInt64, storable: Bool = false, attempts: Int = 300) throws
        -> (Tally, Validator, ReplayValidator, [Event]) {
        var generator = AmendmentLedger(seed: seed, storable: storable)
        var fast = Validator()
        var slow = ReplayValidator()
        var tally = Tally()
        var admitted: [Event] = []
        func stamped(_ original: Event) -> Event {
            var event = original
            event.seq = admitted.count + 1
            event.recorded = Timestamp(seconds: 1_767_225_600 + Int64(event.seq))
            return event
        }
        for text in generator.opening() {
            let event = stamped(try EventDecoder.decode(try JSONReader.parse(text), mode: .input))
            try fast.admit(event)
            try slow.admit(event)
            admitted.append(event)
        }
        for _ in 0..<attempts {
            let event = stamped(generator.next(after: admitted))
            let incremental = outcome { () throws(EventError) in try fast.admit(event) }
            let replay = outcome { () throws(EventError) in try slow.admit(event) }
            #expect(incremental == replay, "seed \(seed), line \(event.seq) (\(event.type.rawValue) '\(event.id)', target \(event.target?.rawValue ?? "-"), set \(String(describing: event.value("set"))))")
            guard incremental == replay else { break }
            if let message = incremental {
                if event.type.isAmendment { tally.rejections.append(message) }
            } else {
                admitted.append(event)
                tally.admitted += 1
                if event.type.isAmendment { tally.amendmentsAdmitted += 1 }
            }
        }
        return (tally, fast, slow, admitted)
    }

    /// Canonical lines numbered as they are, chained afresh.
    static func log(_ events: [Event]) -> [UInt8] {
        var previous = SHA256Digest.zero
        var bytes: [UInt8] = []
        for original in events {
            var event = original
            event.prev = previous
            let line = EventEncoder.line(event)
            previous = SHA256.hash(line)
            bytes += line + [0x0A]
        }
        return bytes
    }

    @Test("the incremental validator admits and rejects exactly what a replay of the whole effective record does, with the same messages",
          arguments: seeds)
    func sameAsReplay(seed: UInt64) throws {
        let (tally, fast, slow, admitted) = try AmendmentTests.run(seed: seed)
        #expect(tally.admitted > 100, "seed \(seed): too few events admitted to mean much")
        // The same state, as the replay rebuilt it.
        #expect(fast.index.members == slow.index.members)
        #expect(fast.index.networks == slow.index.networks)
        #expect(fast.index.marks == slow.index.marks)
        #expect(fast.index.allEndings == slow.index.allEndings)
        #expect(fast.index.memberReferences == slow.index.memberReferences)
        #expect(fast.index.networkReferences == slow.index.networkReferences)
        #expect(fast.index.ids == slow.index.ids)
        #expect(fast.index.lastRecorded == slow.index.lastRecorded)
        _ = admitted
    }

    @Test("a log of what the validator admitted verifies, and a writer starting cold rebuilds the same state",
          arguments: seeds.prefix(15))
    func verifiesAndRebuilds(seed: UInt64) throws {
        let (_, fast, _, admitted) = try AmendmentTests.run(seed: seed, storable: true)
        let log = AmendmentTests.log(admitted)
        let report = Verifier.verify(bytes: log)
        #expect(report.problems == [], "seed \(seed)")
        #expect(report.events == admitted.count)
        let l = try TempLedger()
        try Data(log).write(to: URL(fileURLWithPath: l.store.logPath))
        let fd = try FileIO.open(l.store.logPath, O_RDONLY)
        defer { close(fd) }
        let cold = try IndexCache.rebuild(store: l.store, fd: fd, size: FileIO.size(fd: fd))
        #expect(cold.validator.index.allEntries() == fast.index.ids.dictionary)
        #expect(cold.validator.index.marks == fast.index.marks)
        #expect(cold.validator.index.networks == fast.index.networks)
        #expect(cold.validator.index.corrections == fast.index.corrections)
        #expect(cold.head.seq == admitted.count)
    }

    @Test("the generated amendments include each kind of rejection and many admissions")
    func coverage() throws {
        var all = Tally()
        for seed in AmendmentTests.seeds.prefix(12) {
            let (tally, _, _, _) = try AmendmentTests.run(seed: seed)
            all.amendmentsAdmitted += tally.amendmentsAdmitted
            all.rejections += tally.rejections
        }
        #expect(all.amendmentsAdmitted > 200)
        let kinds = [
            "would break a rule: ",                 // a later line or the target itself, re-checked
            "has no commitment",                    // a life event left without its commitment
            "this event would break line",          // a line folded at a later line of its member
            "unknown member 'ghost'",               // a reference to no registration
            "unknown member 'm",                    // a reference to one registered later (or never)
            "was founded",                          // the founding rule
            "is already registered",                // a slug changed to one in use
            "a network ends once",                  // a merger moved against another ending
            "was retracted",                        // a target no longer there
        ]
        for kind in kinds {
            #expect(all.rejections.contains { $0.contains(kind) }, "no rejection says '\(kind)'")
        }
    }

    @Test("a registration in use cannot be retracted or given another slug; a new slug must be free")
    func registrations() throws {
        let l = try TempLedger()
        try l.append(basics + "\n" + #"{"id":"sig","type":"signature","member":"paris","network":"compact","date":"2014"}"#
            + "\n" + #"{"id":"ren","type":"rename","member":"lyon","name":"Lyon Métropole","date":"2015"}"#)
        let refused = [
            (#"{"type":"retraction","target":"m-paris","reason":"r"}"#,
             "with this retraction applied, line 7 ('sig', a signature) would break a rule: unknown member 'paris'"),
            (#"{"type":"correction","target":"n-compact","set":{"network":"compact-of-mayors"},"reason":"r"}"#,
             "line 7 ('sig', a signature) would break a rule: unknown network 'compact'"),
            (#"{"type":"correction","target":"m-lyon","set":{"member":"lyon-metropole"},"reason":"r"}"#,
             "line 8 ('ren', a rename) would break a rule: unknown member 'lyon'"),
            // The later of two registrations of one slug breaks.
            (#"{"type":"correction","target":"n-c40","set":{"network":"gcom"},"reason":"r"}"#,
             "line 6 ('n-gcom', a network) would break a rule: network 'gcom' is already registered"),
            (#"{"type":"correction","target":"n-gcom","set":{"network":"c40"},"reason":"r"}"#,
             "line 6 ('n-gcom', a network) would break a rule: network 'c40' is already registered"),
        ]
        for (line, message) in refused {
            let error = l.reject(line)
            #expect(error?.kind == .badData && error?.message.contains(message) == true, "\(line): \(String(describing: error))")
        }
        // A slug nothing refers to can change, and the old one is then free.
        try l.append(#"{"type":"correction","target":"n-gcom","set":{"network":"global-covenant"},"reason":"r"}"#)
        try l.append(#"{"type":"network","network":"gcom","name":"Another","kind":"network"}"#)
        try l.append(#"{"type":"retraction","target":"ren","reason":"r"}"#)
        try l.append(#"{"type":"retraction","target":"m-lyon","reason":"r"}"#)
        #expect(Verifier.verify(bytes: l.logBytes).ok)
    }

    @Test("a correction introducing a reference needs it registered before the corrected line")
    func referencesBeforeTheLine() throws {
        let l = try TempLedger()
        try l.append(basics + "\n" + #"{"id":"sig","type":"signature","member":"paris","network":"compact","date":"2014"}"#
            + "\n" + #"{"type":"member","member":"nice","name":"Nice","kind":"city"}"#
            + "\n" + #"{"type":"signature","member":"nice","network":"compact","date":"2015"}"#)
        let error = l.reject(#"{"type":"correction","target":"sig","set":{"member":"nice"},"reason":"r"}"#)
        #expect(error?.message == "with this correction applied, line 7 ('sig', a signature) would break a rule: unknown member 'nice'; register it first with a 'member' event")
    }

    @Test("moving a merger re-checks the members it carries and the network's other endings")
    func movingAMerger() throws {
        let l = try TempLedger()
        try l.append(basics + "\n" + #"{"type":"signature","member":"paris","network":"compact","date":"2014"}"#
            + "\n" + #"{"id":"merge","type":"merger","network":"compact","into":"gcom","date":"2016-06-22"}"#
            + "\n" + #"{"id":"target","type":"milestone","member":"paris","network":"gcom","date":"2016-09","milestone":"target"}"#
            + "\n" + #"{"id":"close","type":"closure","network":"compact","date":"2016-06-22"}"#)
        // Later, Paris's milestone in gcom has no commitment (line 9 is checked at line 9).
        var error = l.reject(#"{"type":"correction","target":"merge","set":{"date":"2017"},"reason":"r"}"#)
        #expect(error?.message.contains("with this correction applied, line 9 ('target', a milestone) would break a rule: paris has no commitment in gcom open on 2016-09-01") == true,
                "\(String(describing: error))")
        // Earlier, the network's closure recorded after it no longer ends it on the same day.
        error = l.reject(#"{"type":"correction","target":"merge","set":{"date":"2016-06-01"},"reason":"r"}"#)
        #expect(error?.message.contains("line 10 ('close', a closure) would break a rule: network 'compact' merges into 'gcom' on 2016-06-01 (line 8): a network ends once") == true,
                "\(String(describing: error))")
        // Retracting the merger leaves the milestone without its commitment.
        error = l.reject(#"{"type":"retraction","target":"merge","reason":"r"}"#)
        #expect(error?.message.contains("line 9 ('target', a milestone) would break a rule") == true, "\(String(describing: error))")
    }

    @Test("a rejected append leaves the log byte for byte unchanged, amendments and batches included")
    func rejectionWritesNothing() throws {
        let l = try TempLedger()
        try l.append(basics + "\n" + #"{"id":"sig","type":"signature","member":"paris","network":"compact","date":"2014"}"#
            + "\n" + #"{"id":"inv","type":"milestone","member":"paris","network":"compact","date":"2015-03","milestone":"inventory"}"#)
        let before = l.logBytes
        let snapshots = FileIO.names(in: l.store.snapshotsPath)
        let batches = [
            #"{"type":"retraction","target":"sig","reason":"r"}"#,
            #"{"type":"activity","member":"paris","date":"2016","title":"fine"}"# + "\n"
                + #"{"type":"correction","target":"sig","set":{"date":"2016"},"reason":"r"}"#,
            #"{"type":"retraction","target":"inv","reason":"fine"}"# + "\n"
                + #"{"type":"correction","target":"inv","set":{"note":"retracted just before"},"reason":"r"}"#,
            #"{"type":"signature","member":"lyon","network":"compact","date":"2014"}"# + "\n"
                + #"{"type":"withdrawal","member":"lyon","network":"compact","date":"2014"}"#,
        ]
        for batch in batches {
            let error = l.reject(batch)
            #expect(error?.kind == .badData, "\(batch): \(String(describing: error))")
            #expect(l.logBytes == before)
            #expect(FileIO.names(in: l.store.snapshotsPath) == snapshots)
        }
    }
}
