/// The input files `run` and `compare` append (SPEC §6 input form: no `seq`, `recorded`
/// or `prev`), written next to the generated ledger in `bench-input/`:
///
/// - `append-100k.jsonl`: 100,000 events valid as one batch on the generated ledger —
///   new members (`zz-bench-…`, a prefix no generated slug has), each with a start in a
///   network that never ends and a few milestones after it;
/// - `append-1.jsonl`: one milestone of an existing member in a commitment still open at
///   the end of its record, dated after its last event. It has no `id`, so the store
///   gives each append of it a new one: it can be appended again and again.
enum AppendInputs {
    struct Written {
        var events = 0
        var members = 0
        var bytes = 0
        var appendOne = ""
    }

    static let batchSize = 100_000

    static func write(world: World, dir: String, appendOne: (member: String, network: Int, day: Int),
                      rng: inout SplitMix64) throws(BenchError) -> Written {
        var written = Written()
        let batch = try InputWriter(path: dir + "/append-100k.jsonl")
        var i = 0
        while batch.events < batchSize {
            let slug = "zz-bench-\(String(i, radix: 36))"
            i += 1
            let place = rng.pick(Vocabulary.places)
            batch.begin(id: rng.chance(0.8) ? rng.uuid() : nil, type: "member", by: rng.chance(0.2) ? "import script v2" : nil)
            batch.line.string("member", slug)
            batch.line.string("name", place.name)
            batch.line.string("kind", place.kind)
            batch.line.string("country", place.country)
            try batch.end(source: "Bench batch", note: nil)
            written.members += 1

            var day = rng.int(CivilDay.ordinal(2015, 1, 1)...CivilDay.ordinal(2024, 6, 30))
            let candidates = world.lasting.filter { world.networks[$0].firstStartDay <= day }
            guard !candidates.isEmpty, batch.events < batchSize else { continue }
            let n = rng.pick(candidates)
            let network = world.networks[n]
            let type = network.kind == "pact" ? "signature" : (network.kind == "programme" ? "selection" : "membership")
            batch.begin(id: rng.chance(0.8) ? rng.uuid() : nil, type: type, by: nil)
            batch.line.string("member", slug)
            batch.line.string("network", network.slug)
            batch.line.string("date", CivilDay.dayText(day))
            try batch.end(source: rng.chance(0.8) ? "Signed adhesion form \(CivilDay.civil(day).year)" : nil, note: nil)
            for k in 0..<rng.int(2...4) where batch.events < batchSize {
                day += rng.int(30...300)
                batch.begin(id: rng.chance(0.8) ? rng.uuid() : nil, type: "milestone", by: nil)
                batch.line.string("member", slug)
                batch.line.string("network", network.slug)
                batch.line.string("date", rng.chance(0.8) ? CivilDay.dayText(day) : CivilDay.monthText(day) + "~")
                batch.line.string("milestone", k < network.milestones.count ? network.milestones[k] : "report")
                try batch.end(source: rng.chance(0.7) ? "CDP disclosure \(CivilDay.civil(day).year)" : nil, note: nil)
            }
        }
        try batch.close()
        written.events = batch.events
        written.bytes = batch.bytes

        let one = try InputWriter(path: dir + "/append-1.jsonl")
        let network = world.networks[appendOne.network].slug
        one.begin(id: nil, type: "milestone", by: nil)
        one.line.string("member", appendOne.member)
        one.line.string("network", network)
        one.line.string("date", CivilDay.dayText(appendOne.day))
        one.line.string("milestone", "report")
        try one.end(source: "ledger-bench append-1", note: nil)
        try one.close()
        written.appendOne = "a 'report' milestone of \(appendOne.member) in \(network) on \(CivilDay.dayText(appendOne.day))"
        return written
    }
}
