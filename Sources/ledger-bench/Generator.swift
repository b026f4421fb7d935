import Foundation

/// `generate`: writes a synthetic ledger directory straight to disk — canonical lines,
/// the hash chain, `seq` 1…N — without going through the store, so ten million events
/// take minutes, not hours. The same (N, seed) always gives the same bytes.
///
/// The log: the genesis; the networks, their renames and policies, and the mergers and
/// closures (2023–2024) up front, so a merger is on record before the life events of the
/// commitments it carries; then member after member, each with its whole record (about ten
/// events), with now and then an amendment of an earlier line; `recorded` advances a
/// second every few lines from 2026-01-01T00:00:00Z.
struct Generator {
    let events: Int
    let seed: UInt64
    let out: String
    /// Whether to write corrections and retractions (the same ledger otherwise: `verify`
    /// with and without them can be compared).
    var amendments = true
    /// Events planned per member, on average (each member draws from half to one and a half
    /// times it; a member's events stop at the last day the generator dates).
    var eventsPerMember = 10

    struct Summary {
        var events = 0
        var bytes = 0
        var members = 0
        var networks = 0
        var endings = 0
        var policies = 0
        var corrections = 0
        var retractions = 0
        var inputEvents = 0
        var inputMembers = 0
        var inputBytes = 0
        var appendOne = ""
    }

    private var clock = CivilDay.ordinal(2026, 1, 1) * 86_400
    private var recordedText = ""

    init(events: Int, seed: UInt64, out: String) {
        self.events = events
        self.seed = seed
        self.out = out
        recordedText = CivilDay.recordedText(epochSeconds: clock)
    }

    /// `recorded` for the next line: never decreases, a second more now and then.
    private mutating func tick(_ rng: inout SplitMix64) -> String {
        if rng.chance(0.3) {
            clock += 1
            recordedText = CivilDay.recordedText(epochSeconds: clock)
        }
        return recordedText
    }

    mutating func run() throws(BenchError) -> Summary {
        let logPath = out + "/Events/ledger.jsonl"
        if FileManager.default.fileExists(atPath: logPath) {
            throw BenchError("\(logPath) already exists: generate writes a new ledger; remove it or choose another --out")
        }
        for dir in [out, out + "/Events", out + "/Snapshots", out + "/bench-input"] {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw BenchError("cannot create \(dir): \(error.localizedDescription)")
            }
        }
        let root = SplitMix64(seed: seed)
        var worldRng = root.fork(1)
        var logRng = root.fork(2)
        var amendRng = root.fork(3)
        let world = World(events: events, rng: &worldRng)
        let writer = try LogWriter(path: logPath)
        var book = AmendmentBook()
        var summary = Summary()
        summary.networks = world.networks.count

        writer.begin(id: logRng.uuid(), type: "ledger", recorded: tick(&logRng), by: nil)
        writer.line.integer("format", 1)
        writer.line.string("name", "ledger-bench synthetic ledger (\(events) events, seed \(seed))")
        try writer.end(source: nil, note: nil)
        try writeReferenceData(world, writer: writer, book: &book, summary: &summary, rng: &logRng)

        var appendOne: (member: String, network: Int, day: Int)?
        var memberIndex = 0
        while writer.seq < events {
            var memberRng = root.fork(UInt64(10 + memberIndex))
            let plan = MemberPlan(index: memberIndex, world: world, limit: events - writer.seq,
                                  perMember: eventsPerMember, rng: &memberRng)
            memberIndex += 1
            for event in plan.events {
                try write(event, of: plan, world: world, writer: writer, rng: &logRng)
                book.remember(AmendmentBook.Target(id: event.id, type: event.type, member: plan.index, floor: event.floor,
                                                   upper: event.upper, day: event.day), rng: &amendRng)
            }
            if let open = plan.openAtEnd { appendOne = (plan.slug, open.network, open.day) }
            if writer.seq < events, amendRng.chance(0.075), amendments {
                _ = try book.write(to: writer, recorded: tick(&logRng), ending: world.endingDays, rng: &amendRng)
            }
        }
        try writer.close()
        summary.events = writer.seq
        summary.bytes = writer.bytes
        summary.members = memberIndex
        summary.corrections = book.corrections
        summary.retractions = book.retractions

        guard let appendOne else { throw BenchError("no member left an open commitment to append to (too few events?)") }
        var inputRng = root.fork(4)
        let inputs = try AppendInputs.write(world: world, dir: out + "/bench-input", appendOne: appendOne,
                                            rng: &inputRng)
        summary.inputEvents = inputs.events
        summary.inputMembers = inputs.members
        summary.inputBytes = inputs.bytes
        summary.appendOne = inputs.appendOne
        return summary
    }

    /// Networks (all registered first, so `into` and `successor` name registered slugs),
    /// then renames and policies, then mergers and closures.
    private mutating func writeReferenceData(_ world: World, writer: LogWriter, book: inout AmendmentBook,
                                             summary: inout Summary, rng: inout SplitMix64) throws(BenchError) {
        for network in world.networks {
            let id = rng.chance(0.5) ? "net-\(network.slug)" : rng.uuid()
            writer.begin(id: id, type: "network", recorded: tick(&rng), by: nil)
            writer.line.string("network", network.slug)
            writer.line.string("name", network.name)
            writer.line.string("kind", network.kind)
            writer.line.optional("founded", network.founded?.text)
            writer.line.optional("scope", network.scope)
            writer.line.optional("managedBy", network.managedBy)
            writer.line.optional("url", network.url)
            writer.line.optional("description", network.description)
            try writer.end(source: rng.chance(0.9) ? "\(rng.pick(Vocabulary.sources)) \(rng.int(2005...2024))" : nil, note: nil)
            book.networks.append(.init(id: id, type: "network", member: -1, floor: 0, upper: 0, day: 0))
        }
        for network in world.networks {
            for (k, rename) in network.renames.enumerated() {
                writer.begin(id: "rename-\(network.slug)-\(k + 1)", type: "rename", recorded: tick(&rng), by: nil)
                writer.line.string("network", network.slug)
                writer.line.string("name", rename.name)
                writer.line.string("date", rename.date.text)
                try writer.end(source: "Press release \(CivilDay.civil(rename.date.earliest).year)", note: nil)
            }
            for (k, policy) in network.policies.enumerated() {
                let id = rng.chance(0.5) ? "policy-\(network.slug)-\(k + 1)" : rng.uuid()
                writer.begin(id: id, type: "policy", recorded: tick(&rng),
                             by: rng.chance(0.3) ? "secretariat" : nil)
                writer.line.string("network", network.slug)
                writer.line.string("date", policy.date.text)
                writer.line.optional("applies", policy.applies)
                writer.line.string("title", policy.title)
                writer.line.raw("rules", CanonicalLine.array(policy.rules))
                if !policy.every.isEmpty { writer.line.raw("every", CanonicalLine.array(policy.every)) }
                writer.line.optional("badge", policy.badge)
                try writer.end(source: rng.chance(0.8) ? "\(network.name), \(policy.title)" : nil, note: nil)
                book.policies.append(.init(id: id, type: "policy", member: -1, floor: 0, upper: 0, day: 0))
                summary.policies += 1
            }
        }
        for j in world.endingOrder {
            let network = world.networks[j]
            let end = network.ending!
            writer.begin(id: rng.chance(0.5) ? "end-\(network.slug)" : rng.uuid(), type: end.isMerger ? "merger" : "closure",
                         recorded: tick(&rng), by: nil)
            writer.line.string("network", network.slug)
            if let into = end.into {
                writer.line.string("into", world.networks[into].slug)
                writer.line.string("date", CivilDay.dayText(end.day))
            } else {
                writer.line.string("date", CivilDay.dayText(end.day))
                writer.line.optional("successor", end.successor.map { world.networks[$0].slug })
            }
            try writer.end(source: "Secretariat announcement \(CivilDay.civil(end.day).year)",
                           note: end.isMerger ? "Commitments continue in the merged network." : nil)
            summary.endings += 1
        }
    }

    /// One planned member event, as a canonical line.
    private mutating func write(_ event: PlannedEvent, of plan: MemberPlan, world: World, writer: LogWriter,
                                rng: inout SplitMix64) throws(BenchError) {
        writer.begin(id: event.id, type: event.type, recorded: tick(&rng), by: event.by)
        switch event.type {
        case "member":
            writer.line.string("member", plan.slug)
            writer.line.string("name", plan.place.name)
            writer.line.string("kind", plan.place.kind)
            writer.line.string("country", plan.place.country)
            if let population = plan.population { writer.line.integer("population", population) }
        case "rename":
            writer.line.string("member", plan.slug)
            for (key, value) in event.fields { writer.line.string(key, value) }
            writer.line.string("date", event.date!.text)
        default:
            writer.line.string("member", plan.slug)
            if let n = event.network { writer.line.string("network", world.networks[n].slug) }
            writer.line.string("date", event.date!.text)
            for (key, value) in event.fields { writer.line.string(key, value) }
        }
        try writer.end(source: event.source, note: event.note)
    }
}
