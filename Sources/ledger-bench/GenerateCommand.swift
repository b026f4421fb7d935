/// `generate --events N --seed S --out DIR`: writes the ledger and the append inputs, then
/// says what was written.
struct GenerateCommand {
    let events: Int
    let seed: UInt64
    let out: String
    let amendments: Bool
    let perMember: Int

    init(_ options: BenchOptions) throws(BenchError) {
        events = try options.integer("events", minimum: 1000)
        let seedText = try options.required("seed")
        guard let seed = UInt64(seedText.replacingUnderscores()) else {
            throw .usage("--seed takes a non-negative integer, not '\(seedText)'")
        }
        self.seed = seed
        out = try options.required("out")
        perMember = try options.integer("events-per-member", default: 10, minimum: 2)
        switch options.string("amendments") ?? "yes" {
        case "yes": amendments = true
        case "no": amendments = false
        case let other: throw .usage("--amendments takes yes or no, not '\(other)'")
        }
    }

    func run() throws(BenchError) -> Int32 {
        let start = Timing.now()
        var generator = Generator(events: events, seed: seed, out: out)
        generator.amendments = amendments
        generator.eventsPerMember = perMember
        let s = try generator.run()
        let seconds = Timing.now() - start
        let amendments = s.corrections + s.retractions
        print("""
        wrote \(out)/Events/ledger.jsonl: \(Format.count(s.events)) events, \(Format.count(s.bytes)) bytes \
        (\(Format.megabytes(s.bytes))), seed \(seed)
          members \(Format.count(s.members)) · networks \(s.networks) (\(s.endings) end by merger or closure) \
        · policies \(s.policies)
          amendments \(Format.count(amendments)) (\(String(format2: Double(amendments) * 100 / Double(s.events)))% of events): \
        \(Format.count(s.corrections)) corrections, \(Format.count(s.retractions)) retractions
        wrote \(out)/bench-input/append-100k.jsonl: \(Format.count(s.inputEvents)) input events \
        (\(Format.count(s.inputMembers)) new members), \(Format.megabytes(s.inputBytes))
        wrote \(out)/bench-input/append-1.jsonl: \(s.appendOne), no id (appendable again and again)
        in \(Format.seconds(seconds)) (\(Format.count(Int(Double(s.events) / seconds))) events/s)
        """)
        return 0
    }
}

extension String {
    /// Two decimals.
    init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let frac = hundredths % 100
        self = "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}
