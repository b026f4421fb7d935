/// The command line of `ledger-bench`: a subcommand, then `--name value` options.
struct BenchOptions {
    static let usage = """
    usage: ledger-bench SUBCOMMAND [options]   (build with -c release)

      generate --events N --seed S --out DIR [--amendments yes|no] [--events-per-member K]
          write a synthetic ledger directory DIR (Events/ledger.jsonl, Snapshots/) and
          DIR/bench-input/append-100k.jsonl, append-1.jsonl; deterministic for (N, S);
          --amendments no leaves out the corrections and retractions (about 0.7 % of events);
          K: events planned per member, on average (default 10; a member's events stop in
          mid-2021, so K = 100 gives about 32)
      run --ledger DIR [--runs K] [--steps a,b,…]
          time the library's steps in this process: median and min of K runs (default 5);
          steps: \(RunCommand.stepNames.joined(separator: ", "))
      compare --ledger DIR [--runs K] [--memberships PATH] [--peer PATH] [--timeout S]
              [--without-amendments DIR2] [--large DIR3] [--heavy DIR4]
          time whole commands (memberships, wc -l, sha256sum, jq, the Python peer):
          warm-up then K runs (default 5; at least 11 for a command under 0.5 s); the two
          sides of every ratio a target judges timed in turn, run by run (at least 7 rounds
          for verify and sha256sum, and for the first append and a full replay; at least 2
          for the larger ledger's replay and this one's; the Python peer with a full
          replay); per-command timeout S seconds
          (default 150);
          then check the Python peer's status against memberships', and the issue's targets;
          DIR2: the same ledger generated with --amendments no (verify with vs without);
          DIR3: a larger generated ledger, e.g. 10M events (time per event);
          DIR4: a large ledger with more events a member, e.g. --events-per-member 100
          (memory against members)
    """

    let command: String
    private var values: [String: String] = [:]

    /// Parses `SUBCOMMAND --name value …`, accepting only `allowed[SUBCOMMAND]`.
    init(_ arguments: [String]) throws(BenchError) {
        let allowed: [String: Set<String>] = [
            "generate": ["events", "seed", "out", "amendments", "events-per-member"],
            "run": ["ledger", "runs", "steps"],
            "compare": ["ledger", "runs", "memberships", "peer", "timeout", "without-amendments", "large", "heavy"],
        ]
        guard let command = arguments.first, let names = allowed[command] else {
            throw BenchError.usage(arguments.first.map { "unknown subcommand '\($0)'\n" } ?? "")
        }
        self.command = command
        var words = arguments.dropFirst()
        while let word = words.popFirst() {
            guard word.hasPrefix("--") else { throw .usage("unexpected argument '\(word)'") }
            let name = String(word.dropFirst(2))
            guard names.contains(name) else { throw .usage("\(command) takes no option --\(name)") }
            guard let value = words.popFirst() else { throw .usage("--\(name) needs a value") }
            values[name] = value
        }
    }

    func string(_ name: String) -> String? { values[name] }

    func required(_ name: String) throws(BenchError) -> String {
        guard let value = values[name] else { throw .usage("\(command) needs --\(name)") }
        return value
    }

    func integer(_ name: String, default fallback: Int? = nil, minimum: Int = 1) throws(BenchError) -> Int {
        guard let text = values[name] else {
            if let fallback { return fallback }
            throw .usage("\(command) needs --\(name)")
        }
        guard let value = Int(text.replacingUnderscores()), value >= minimum else {
            throw .usage("--\(name) takes an integer ≥ \(minimum), not '\(text)'")
        }
        return value
    }
}

extension String {
    /// `1_000_000` → `1000000`, so big counts can be written readably.
    func replacingUnderscores() -> String { filter { $0 != "_" } }
}
