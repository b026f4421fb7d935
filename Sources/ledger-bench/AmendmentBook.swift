/// Corrections and retractions of earlier events (SPEC §3.1 "Amendments"), chosen so the
/// ledger still obeys every rule once they apply.
///
/// The book remembers a bounded sample of recent events that may be amended, by kind. Each
/// amendment targets one of them (so always an earlier line), never one already retracted;
/// retractions only hit activities, milestones and recognitions, which no other event
/// depends on; a date moves only within the bounds its member's plan left free, once per
/// member, so two moves cannot cross.
struct AmendmentBook {
    struct Target {
        var id: String
        var type: String
        var member: Int
        var floor: Int
        var upper: Int
        var day: Int
    }

    enum Kind: CaseIterable {
        case source, note, memberName, networkName, title, milestone, milestoneDate, activityDate, badge, applies,
             retractActivity, retractMilestone, retractRecognition, sourceAndNote
    }

    private var any = Ring(), milestones = Ring(), activities = Ring(), recognitions = Ring(), members = Ring()
    var networks: [Target] = []
    var policies: [Target] = []
    private var retracted: Set<String> = []
    private var moved: Set<Int> = []
    private(set) var corrections = 0
    private(set) var retractions = 0

    /// Remembers an event just written.
    mutating func remember(_ target: Target, rng: inout SplitMix64) {
        any.add(target, &rng)
        switch target.type {
        case "milestone": milestones.add(target, &rng)
        case "activity": activities.add(target, &rng)
        case "recognition": recognitions.add(target, &rng)
        case "member": members.add(target, &rng)
        default: break
        }
    }

    /// Writes one amendment, of the next kind in turn for the first few (so a small ledger
    /// has every kind), then of a random kind. Returns false when no target fits.
    mutating func write(to writer: LogWriter, recorded: String, ending days: Set<Int>,
                        rng: inout SplitMix64) throws(BenchError) -> Bool {
        let all = Kind.allCases
        let count = corrections + retractions
        let kind = count < all.count ? all[count] : all[rng.index(all.count)]
        var set: [(String, JSONScalar)] = []
        var target: Target?
        var retract = false
        switch kind {
        case .source:
            target = pick(any, &rng)
            set = [("source", .string("\(rng.pick(Vocabulary.sources)) (corrected citation)"))]
        case .note:
            target = pick(any, &rng)
            set = [("note", .string(rng.pick(Vocabulary.notes)))]
        case .sourceAndNote:
            target = pick(any, &rng)
            set = [("source", .string(rng.pick(Vocabulary.sources))), ("note", .string("Source \"replaced\" after review."))]
        case .memberName:
            target = pick(members, &rng)
            set = [("name", .string("\(rng.pick(Vocabulary.places).name) (corrected name)"))]
        case .networkName:
            target = networks.isEmpty ? nil : networks[rng.index(networks.count)]
            set = [("name", .string("Réseau \(rng.int(1...999)) — official name"))]
        case .title:
            target = pick(activities, &rng)
            set = [("title", .string(rng.pick(Vocabulary.activityTitles)))]
        case .milestone:
            target = pick(milestones, &rng)
            set = [("milestone", .string(rng.pick(Vocabulary.milestones)))]
        case .badge:
            target = pick(recognitions, &rng)
            set = [("badge", .string(rng.pick(Vocabulary.badges)))]
        case .applies:
            target = policies.isEmpty ? nil : policies[rng.index(policies.count)]
            set = [("applies", .string(rng.chance(0.5) ? "all" : "new"))]
        case .milestoneDate, .activityDate:
            // A day strictly inside the bounds, not the old day, not a network's ending day.
            let ring = kind == .milestoneDate ? milestones : activities
            if let candidate = pick(ring, &rng), !moved.contains(candidate.member), candidate.upper - candidate.floor > 2 {
                var day = rng.int((candidate.floor + 1)...(candidate.upper - 1))
                if day == candidate.day || days.contains(day) { day = candidate.floor + 1 }
                if day != candidate.day, !days.contains(day), day < candidate.upper {
                    target = candidate
                    moved.insert(candidate.member)
                    set = [("date", .string(CivilDay.dayText(day)))]
                    if rng.chance(0.3) { set.append(("source", .string("Minutes of the steering committee"))) }
                }
            }
        case .retractActivity, .retractMilestone, .retractRecognition:
            let ring = kind == .retractActivity ? activities : (kind == .retractMilestone ? milestones : recognitions)
            target = pick(ring, &rng)
            retract = true
        }
        // Fall back to a source correction when the kind had no target.
        if target == nil {
            target = pick(any, &rng)
            set = [("source", .string("\(rng.pick(Vocabulary.sources)) (corrected citation)"))]
            retract = false
        }
        guard let target else { return false }
        writer.begin(id: rng.uuid(), type: retract ? "retraction" : "correction", recorded: recorded,
                     by: rng.chance(0.3) ? rng.pick(Vocabulary.recorders) : nil)
        writer.line.string("target", target.id)
        if retract {
            writer.line.string("reason", rng.pick(Vocabulary.retractionReasons))
            retracted.insert(target.id)
            retractions += 1
        } else {
            writer.line.raw("set", CanonicalLine.object(set))
            writer.line.string("reason", rng.pick(Vocabulary.correctionReasons))
            corrections += 1
        }
        try writer.end(source: nil, note: nil)
        return true
    }

    /// A remembered target not retracted (a few tries).
    private func pick(_ ring: Ring, _ rng: inout SplitMix64) -> Target? {
        guard !ring.items.isEmpty else { return nil }
        for _ in 0..<6 {
            let t = ring.items[rng.index(ring.items.count)]
            if !retracted.contains(t.id) { return t }
        }
        return nil
    }

    /// A bounded sample: appends until full, then replaces a random slot.
    struct Ring {
        var items: [Target] = []
        static let capacity = 4096

        mutating func add(_ t: Target, _ rng: inout SplitMix64) {
            if items.count < Ring.capacity { items.append(t) } else { items[rng.index(Ring.capacity)] = t }
        }
    }
}
