import Foundation

/// `compare --ledger DIR`: the commands as whole processes, the way a user runs them, next
/// to the tools a user would reach for on the same file (`wc -l`, `sha256sum`, `jq`, the
/// Python peer). Each: a warm-up run, then K timed runs (at least 11 for a command under
/// half a second); median and min wall time and median peak RSS (from `wait4`). The two
/// sides of every ratio a target judges are timed in turn, run by run, so that both meet
/// the same stretch of the machine: the full replay with status from a snapshot and with
/// `wc -l`; `verify` with `sha256sum` and with `verify` of the ledger without amendments;
/// the first append with no cache, and the larger ledger's replay, each with a full replay
/// of this ledger of its own (at least `pairRuns` rounds for the `verify`s and the first
/// append, as their ratios are judged against a line; at least 2 for the larger ledger,
/// whose run takes seconds); the Python peer with a full replay of its own. Then the Python
/// peer's status is checked against memberships',
/// and the issue's targets are printed MET / NOT MET.
///
/// Commands that write run on copies in a temporary directory. Views' snapshots
/// (`Snapshots/replay-*.snapshot`) written in DIR for the "from snapshot" row are removed
/// again at the end. A command killed after `--timeout` seconds is reported as timed out;
/// a command that fails makes the exit status 1; a missed target does not.
struct CompareCommand {
    let ledger: String
    let runs: Int
    let memberships: String
    let peer: String
    let timeout: Double
    /// The same ledger generated without amendments (`generate --amendments no`), for the
    /// cost of amendments to `verify`.
    let withoutAmendments: String?
    /// A larger generated ledger (10M events), for time per event and memory at scale.
    let large: String?
    /// A large ledger with more events a member (`generate --events-per-member 100`), for
    /// memory against members when events grow faster than members.
    let heavy: String?

    init(_ options: BenchOptions) throws(BenchError) {
        ledger = try options.required("ledger")
        runs = try options.integer("runs", default: 5)
        timeout = Double(try options.integer("timeout", default: 150))
        withoutAmendments = options.string("without-amendments")
        large = options.string("large")
        heavy = options.string("heavy")
        let here = URL(fileURLWithPath: ChildProcess.executablePath()).deletingLastPathComponent().path
        memberships = options.string("memberships") ?? here + "/memberships"
        // The peer ships in the source tree, beside this file.
        peer = options.string("peer")
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("peers/status.py").path
    }

    /// One row of the table.
    struct Measurement {
        enum Outcome {
            case measured
            case timedOut
            case failed(String)
            case missing(String)
            case notRun(String)
        }

        var label: String
        var outcome: Outcome
        var times: [Double] = []
        var peaks: [Int] = []

        var ok: Bool { if case .measured = outcome { return true } else { return false } }
        var median: Double? { ok ? Timing.median(times) : nil }
        var minimum: Double? { ok ? times.min() : nil }
        var medianRSS: Int? { ok ? Int(Timing.median(peaks.map(Double.init))) : nil }
        /// Wall time when measured; +∞ when it timed out (so a target compares as missed).
        var time: Double? {
            if case .timedOut = outcome { return .infinity }
            return median
        }
    }

    func run() throws(BenchError) -> Int32 {
        let log = ledger + "/" + Steps.logName
        guard LedgerFiles.exists(log) else { throw BenchError("no ledger at \(ledger) (no \(Steps.logName))") }
        guard access(memberships, X_OK) == 0 else {
            throw BenchError("no memberships executable at \(memberships): build it with "
                             + "'swift build -c release --product memberships' or pass --memberships PATH")
        }
        let scratch = try LedgerFiles.temporaryDirectory("compare")
        defer { LedgerFiles.remove(scratch) }
        let asOf = Steps.asOf
        let one = ledger + "/bench-input/append-1.jsonl", batch = ledger + "/bench-input/append-100k.jsonl"
        let inputs = LedgerFiles.exists(one) && LedgerFiles.exists(batch)
        let noInputs = "no bench-input/append-1.jsonl or append-100k.jsonl: make the ledger with 'ledger-bench generate'"

        var load = [0.0, 0.0, 0.0]
        getloadavg(&load, 3)
        print("""
        ledger-bench compare: \(ledger) — \(Format.count(LedgerFiles.lineCount(log))) events, \
        \(Format.megabytes(LedgerFiles.size(log)))
        memberships: \(memberships)
        warm-up + \(runs) run\(runs == 1 ? "" : "s") each (\(CompareCommand.shortRuns) under \(CompareCommand.short) s); median and min wall time, median peak RSS (wait4); timeout \(Int(timeout)) s per command; \
        \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(String(format: "%.2f", load[0])) at start
        """)

        if let tool = ChildProcess.which("true"), let floor = try? ChildProcess.run([tool], scratch: scratch, timeout: 10) {
            print("peak RSS floor: \(Format.megabytes(floor.peakRSS)) (what /bin/true reports: the measuring helper's own "
                  + "pages, which Linux counts in its child)")
        }

        var rows: [String: Measurement] = [:]
        var order: [String] = []
        func record(_ key: String, _ m: Measurement) {
            rows[key] = m
            order.append(key)
            progress("\(m.label): " + describe(m))
        }
        let ms = memberships

        // The floors of two ratios: `wc -l` beside the full replay, `sha256sum` beside
        // `verify`, each timed in turn with it (recorded with the peers, below).
        let wcTool = ChildProcess.which("wc"), shaTool = ChildProcess.which("sha256sum")
        let wcLabel = "wc -l", shaLabel = "sha256sum"
        func missingPeer(_ label: String, _ tool: String) -> Measurement {
            Measurement(label: label, outcome: .missing("\(tool) not found: coreutils"))
        }
        var wcRow = missingPeer(wcLabel, "wc"), shaRow = missingPeer(shaLabel, "sha256sum")
        let wcCommand = wcTool.map { [(label: wcLabel, argv: [$0, "-l", log], prepare: { () throws(BenchError) in })] } ?? []
        let shaCommand = shaTool.map { [(label: shaLabel, argv: [$0, log], prepare: { () throws(BenchError) in })] } ?? []

        // Views: `snapshot`, then a full replay (no snapshot), status from the snapshot at
        // the head and `wc -l`, timed in turn (the snapshot file renamed away for each replay
        // and back), so that the sides of their ratios see the same machine.
        let replayArgv = [ms, "--ledger", ledger, "status", "--as-of", asOf, "--format", "json"]
        var snapshotCheck = "snapshot check (status --as-of \(asOf), from the snapshot vs full replay): not checked — the two did not both run"
        LedgerFiles.removeSnapshots(in: ledger, prefix: Steps.replaySnapshotPrefix)
        record("snapshot", try measure("memberships snapshot (1 run)", [ms, "--ledger", ledger, "snapshot"], runs: 1,
                                       warmUp: false))
        let written = LedgerFiles.snapshots(in: ledger, prefix: Steps.replaySnapshotPrefix)
        if rows["snapshot"]!.ok, written.count == 1 {
            // Beside it (a rename within one file system), under a name no reader looks for.
            let path = written[0], aside = ledger + "/Snapshots/ledger-bench-held.tmp"
            let pair = try measureInTurn([
                ("memberships status (full replay)", replayArgv, { () throws(BenchError) in try LedgerFiles.move(path, to: aside) }),
                ("memberships status (from snapshot)", replayArgv, { () throws(BenchError) in try LedgerFiles.move(aside, to: path) }),
            ] + wcCommand, runs: max(runs, CompareCommand.shortRuns))
            record("replay", pair[0])
            record("fromSnapshot", pair[1])
            if wcTool != nil { wcRow = pair[2] }
            if pair[0].ok && pair[1].ok {
                snapshotCheck = try sameStatus(replayArgv, asOf: asOf, snapshot: path, aside: aside, scratch: scratch)
            }
            LedgerFiles.remove(aside)
        } else {
            LedgerFiles.removeSnapshots(in: ledger, prefix: Steps.replaySnapshotPrefix)
            let alone = try measureInTurn([("memberships status (full replay)", replayArgv, {})] + wcCommand,
                                          runs: max(runs, CompareCommand.shortRuns))
            record("replay", alone[0])
            if wcTool != nil { wcRow = alone[1] }
            record("fromSnapshot", Measurement(label: "memberships status (from snapshot)",
                                               outcome: .notRun("memberships snapshot did not complete")))
        }
        LedgerFiles.removeSnapshots(in: ledger, prefix: Steps.replaySnapshotPrefix)

        // `verify`, `sha256sum` of the same file and, when given, `verify` of the same ledger
        // without amendments, timed in turn, run by run, so that the machine's drift over
        // minutes does not land on one side of their ratios.
        var verifies = [(label: "memberships verify", argv: [ms, "--ledger", ledger, "verify"],
                         prepare: { () throws(BenchError) in })] + shaCommand
        if let twin = withoutAmendments {
            verifies.append(("memberships verify, same ledger without amendments", [ms, "--ledger", twin, "verify"], {}))
        }
        let verified = try measureInTurn(verifies, runs: max(runs, CompareCommand.pairRuns))
        record("verify", verified[0])
        if shaTool != nil { shaRow = verified[1] }
        if withoutAmendments != nil { record("verifyNoAmendments", verified.last!) }

        // Proofs, on a copy (they write the tree's cache in Snapshots/): the event on the
        // middle line, with no cache (each run removes it), then with it.
        let work = scratch + "/ledger"
        try LedgerFiles.copy(ledger: ledger, to: work, snapshots: [])
        let treeCache = work + "/Snapshots/" + Steps.treeCacheName
        let id = try Steps.middleEventID(ledger: work)
        record("proveCold", try measure("memberships prove --event, first (no tree cache)",
                                        [ms, "--ledger", work, "prove", "--event", id]) { LedgerFiles.remove(treeCache) })
        record("prove", try measure("memberships prove --event (tree cache)", [ms, "--ledger", work, "prove", "--event", id]))

        // Appends, on the copy: the first with no writer's cache (it builds the cache), timed
        // in turn with a full replay of the ledger (its target's other side), then single
        // events with the cache warm, then the 100k batch on a fresh copy each run.
        if inputs {
            let cold = try measureInTurn([
                ("memberships append 1 event, first (no cache)", [ms, "--ledger", work, "append", "--file", one], {
                    LedgerFiles.removeSnapshots(in: work, prefix: Steps.writerCachePrefix)
                }),
                ("memberships status (full replay), in turn with the first append", replayArgv, {}),
            ], runs: max(runs, CompareCommand.pairRuns))
            record("appendCold", cold[0])
            record("replayBesideCold", cold[1])
        } else {
            record("appendCold", Measurement(label: "memberships append 1 event, first (no cache)", outcome: .notRun(noInputs)))
        }
        let cacheBuilt = rows["appendCold"]!.ok
        let noCache = inputs ? "needs the writer's cache, which only a completed first append builds" : noInputs
        if cacheBuilt {
            record("append1", try measure("memberships append 1 event (warm cache)",
                                          [ms, "--ledger", work, "append", "--file", one]))
            let copy = scratch + "/batch"
            record("append100k", try measure("memberships append 100k batch (warm cache)",
                                             [ms, "--ledger", copy, "append", "--file", batch]) { () throws(BenchError) in
                LedgerFiles.remove(copy)
                try LedgerFiles.copy(ledger: work, to: copy, snapshots: [Steps.writerCachePrefix])
                // The copy's pages written out before the clock starts: else the append's
                // fsync writes the whole fresh copy of the log too (0.4 s at 1M events), a
                // cost of the benchmark, not of an append to a user's ledger.
                sync()
            })
            LedgerFiles.remove(copy)
        } else {
            record("append1", Measurement(label: "memberships append 1 event (warm cache)", outcome: .notRun(noCache)))
            record("append100k", Measurement(label: "memberships append 100k batch (warm cache)", outcome: .notRun(noCache)))
        }
        LedgerFiles.remove(work)

        // One append on a 1,000-event ledger of the same shape (generated here, with its own
        // one-event input), warm cache (the warm-up run builds it): an append must not cost
        // more as the log grows.
        let small = scratch + "/small"
        var generator = Generator(events: 1000, seed: 7, out: small)
        _ = try generator.run()
        record("append1k", try measure("memberships append 1 event, 1,000-event ledger (warm cache)",
                                        [ms, "--ledger", small, "append", "--file", small + "/bench-input/append-1.jsonl"]))
        LedgerFiles.remove(small)

        // A larger ledger, and one with fewer members, when given.
        var sizes = Targets.Sizes(events: LedgerFiles.lineCount(log), members: Self.members(in: log))
        if let large {
            let largeLog = large + "/" + Steps.logName
            sizes.largeEvents = LedgerFiles.lineCount(largeLog)
            sizes.largeMembers = Self.members(in: largeLog)
            LedgerFiles.removeSnapshots(in: large, prefix: Steps.replaySnapshotPrefix)
            // In turn with a full replay of this ledger: their ratio is time per event.
            let pair = try measureInTurn([
                ("memberships status (full replay), \(Format.count(sizes.largeEvents)) events",
                 [ms, "--ledger", large, "status", "--as-of", asOf, "--format", "json"], {}),
                ("memberships status (full replay), in turn with the larger ledger's", replayArgv, {}),
            ], runs: max(2, runs / 2))
            record("replayLarge", pair[0])
            record("replayBesideLarge", pair[1])
            // The views of one member and of one network, which a large log replays in
            // ranges or for that member alone (no target: their time and memory, reported).
            if let (member, network) = Steps.middleCommitment(log: largeLog) {
                record("memberLarge", try measure("memberships status --member (one member), \(Format.count(sizes.largeEvents)) events",
                                                  [ms, "--ledger", large, "status", "--member", member, "--as-of", asOf,
                                                   "--format", "json"], runs: 1))
                record("networkLarge", try measure("memberships network (one network), \(Format.count(sizes.largeEvents)) events",
                                                   [ms, "--ledger", large, "network", network, "--as-of", asOf,
                                                    "--format", "json"], runs: 1))
            }
        }
        if let heavy {
            let heavyLog = heavy + "/" + Steps.logName
            sizes.heavyEvents = LedgerFiles.lineCount(heavyLog)
            sizes.heavyMembers = Self.members(in: heavyLog)
            LedgerFiles.removeSnapshots(in: heavy, prefix: Steps.replaySnapshotPrefix)
            record("replayHeavy", try measure("memberships status (full replay), \(Format.count(sizes.heavyEvents)) events, "
                                              + "\(Format.count(sizes.heavyMembers)) members",
                                              [ms, "--ledger", heavy, "status", "--as-of", asOf, "--format", "json"],
                                              runs: max(1, runs / 2)))
        }

        // The peers a user would reach for on the same file.
        // (`wc -l` and `sha256sum` were timed above, in turn with their ratios' other sides.)
        record("wc", wcRow)
        record("sha256sum", shaRow)
        record("jq", try measurePeer("jq: count events by type", tool: "jq", install: "apt-get install jq") {
            [$0, "-c", "-n", "reduce inputs as $e ({}; .[$e.type] += 1)", log]
        })
        let python = ChildProcess.which("python3")
        var peerLabel = "Python peer status.py"
        if let python, let probe = try? ChildProcess.run([python, "-c", "import orjson"], scratch: scratch, timeout: 30) {
            peerLabel += probe.status == 0 ? " (orjson)" : " (json; pip install orjson for the faster parser)"
        }
        if !LedgerFiles.exists(peer) {
            record("python", Measurement(label: peerLabel, outcome: .missing("no peer script at \(peer) (pass --peer PATH)")))
        } else if let python {
            // In turn with a full replay of its own, its ratio's other side: the peer runs
            // half a minute, over which this machine's speed drifts.
            let pair = try measureInTurn([
                (peerLabel, [python, peer, ledger, "--as-of", asOf], {}),
                ("memberships status (full replay), in turn with the Python peer", replayArgv, {}),
            ])
            record("python", pair[0])
            record("replayBesidePeer", pair[1])
        } else {
            record("python", Self.notFound(peerLabel, tool: "python3",
                                           install: "the Python peer needs python3: apt-get install python3"))
        }

        print("")
        printTable(rows, order)
        print("")
        let check = try peerCheck(asOf: asOf, scratch: scratch, pythonOK: rows["python"]!.ok)
        print(check)
        print(snapshotCheck)
        print("")
        print(Targets.report(rows, sizes: sizes, timeout: timeout))
        getloadavg(&load, 3)
        print("load average \(String(format: "%.2f", load[0])) at end (2 cores shared: figures vary with other work)")

        let failed = order.filter { if case .failed = rows[$0]!.outcome { return true } else { return false } }
        for key in failed {
            if case .failed(let why) = rows[key]!.outcome { print("FAILED: \(rows[key]!.label): \(why)") }
        }
        let differ = snapshotCheck.contains("DIFFERENT")
        if differ { print("FAILED: status from the snapshot is not the full replay's") }
        return failed.isEmpty && !differ ? 0 : 1
    }

    /// Member registrations in a log (`grep -c`), or 0 when grep cannot run.
    private static func members(in log: String) -> Int {
        guard let grep = ChildProcess.which("grep"),
              let scratch = try? LedgerFiles.temporaryDirectory("grep") else { return 0 }
        defer { LedgerFiles.remove(scratch) }
        let out = scratch + "/count.txt"
        guard let r = try? ChildProcess.run([grep, "-c", "-F", #""type":"member""#, log], stdout: out, scratch: scratch,
                                            timeout: 600), r.status == 0 else { return 0 }
        return Int(((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Commands whose warm-up took less than this many seconds…
    static let short = 0.5
    /// …are timed at least this many times.
    static let shortRuns = 11
    /// The commands of a ratio judged against a line (`verify`, `sha256sum` and `verify`
    /// without amendments; the first append and a full replay) are timed in at least this
    /// many rounds: the median of three moved such a ratio by a third.
    static let pairRuns = 7

    /// One command timed as `measureInTurn` times several.
    private func measure(_ label: String, _ argv: [String], runs: Int? = nil, warmUp: Bool = true,
                         prepare: @escaping () throws(BenchError) -> Void = {}) throws(BenchError) -> Measurement {
        try measureInTurn([(label, argv, prepare)], runs: runs, warmUp: warmUp)[0]
    }

    /// Commands timed in turn: a warm-up run of each (unless told not to), then `runs` rounds
    /// of one run of each, in order; for the commands of one ratio, so that both see the same
    /// machine; at least `shortRuns` rounds when a warm-up was `short` and `runs` was not
    /// given. Each command's `prepare` runs (untimed) before each of its runs. A command
    /// that times out or fails is not run again.
    private func measureInTurn(_ commands: [(label: String, argv: [String], prepare: () throws(BenchError) -> Void)],
                               runs: Int? = nil, warmUp: Bool = true) throws(BenchError) -> [Measurement] {
        for command in commands { progress("\(command.label)…") }
        var results = commands.map { Measurement(label: $0.label, outcome: .measured) }
        let scratch = try LedgerFiles.temporaryDirectory("child")
        defer { LedgerFiles.remove(scratch) }
        var rounds = (runs ?? self.runs) + (warmUp ? 1 : 0)
        var round = 0
        while round < rounds {
            defer { round += 1 }
            for (k, command) in commands.enumerated() where results[k].ok {
                try command.prepare()
                let r = try ChildProcess.run(command.argv, scratch: scratch, timeout: timeout)
                if r.timedOut {
                    results[k].outcome = .timedOut
                } else if r.status != 0 {
                    results[k].outcome = .failed("exit status \(r.status): \(r.stderrTail)")
                } else if warmUp && round == 0 {
                    // A command of well under a second is timed at least `shortRuns` times: one
                    // stall of the machine (another tenant, memory reclaim) would otherwise move
                    // its median, and the runs cost little.
                    if runs == nil && r.seconds < CompareCommand.short { rounds = max(rounds, CompareCommand.shortRuns + 1) }
                } else {
                    results[k].times.append(r.seconds)
                    results[k].peaks.append(r.peakRSS)
                }
            }
        }
        return results
    }

    /// A peer tool from `$PATH`: measured, or reported missing with how to install it.
    private func measurePeer(_ label: String, tool: String, install: String,
                             _ argv: (String) -> [String]) throws(BenchError) -> Measurement {
        guard let path = ChildProcess.which(tool) else { return Self.notFound(label, tool: tool, install: install) }
        return try measure(label, argv(path))
    }

    /// A peer whose tool is not installed, with how to install it.
    private static func notFound(_ label: String, tool: String, install: String) -> Measurement {
        Measurement(label: label, outcome: .missing("\(tool) not found: \(install)"))
    }

    private func describe(_ m: Measurement) -> String {
        switch m.outcome {
        case .measured: return "median \(Format.seconds(m.median!))"
        case .timedOut: return "timed out after \(Int(timeout)) s"
        case .failed(let why): return "FAILED (\(why))"
        case .missing(let why): return "missing — \(why)"
        case .notRun(let why): return "not measured — \(why)"
        }
    }

    private func printTable(_ rows: [String: Measurement], _ order: [String]) {
        var table = TextTable(["command", "median", "min", "peak RSS", "vs wc -l", "vs full replay", "note"], left: [0, 6])
        let wc = rows["wc"]?.median, replay = rows["replay"]?.median
        for key in order {
            let m = rows[key]!
            guard let median = m.median else {
                table.add([m.label, "—", "—", "—", "—", "—", describe(m)])
                continue
            }
            table.add([m.label, Format.seconds(median), Format.seconds(m.minimum!), Format.megabytes(m.medianRSS!),
                       wc.map { Format.ratio(median / $0) } ?? "—", replay.map { Format.ratio(median / $0) } ?? "—", ""])
        }
        print(table.render())
    }

    /// Runs status once from the snapshot at `snapshot` and once without it (moved to
    /// `aside` and back), to files, and compares their bytes: the two must be the same
    /// (SPEC §8), and they come by different roads (the folded status part, the replay).
    private func sameStatus(_ argv: [String], asOf: String, snapshot path: String, aside: String,
                            scratch: String) throws(BenchError) -> String {
        let title = "snapshot check (status --as-of \(asOf), from the snapshot vs full replay):"
        let fromSnapshot = scratch + "/status-from-snapshot.json", replayed = scratch + "/status-replayed.json"
        let a = try ChildProcess.run(argv, stdout: fromSnapshot, scratch: scratch, timeout: timeout)
        try LedgerFiles.move(path, to: aside)
        let b = try ChildProcess.run(argv, stdout: replayed, scratch: scratch, timeout: timeout)
        try LedgerFiles.move(aside, to: path)
        guard a.status == 0, !a.timedOut, b.status == 0, !b.timedOut else {
            return title + " not checked — a status run failed"
        }
        let x = FileManager.default.contents(atPath: fromSnapshot), y = FileManager.default.contents(atPath: replayed)
        guard let x, let y else { return title + " not checked — the outputs could not be read" }
        if x == y { return title + " same bytes (\(Format.count(x.count)) bytes)" }
        let at = zip(x, y).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(x.count, y.count)
        return title + " DIFFERENT (\(Format.count(x.count)) vs \(Format.count(y.count)) bytes, first difference at byte \(at))"
    }

    /// Runs both status commands once more, to files, and compares their rows.
    private func peerCheck(asOf: String, scratch: String, pythonOK: Bool) throws(BenchError) -> String {
        let title = "peer check (status --as-of \(asOf), Python peer vs memberships):"
        guard pythonOK, let python = ChildProcess.which("python3") else {
            return title + " not checked — the Python peer did not run"
        }
        let ours = scratch + "/memberships-status.json", theirs = scratch + "/peer-status.json"
        let a = try ChildProcess.run([memberships, "--ledger", ledger, "status", "--as-of", asOf, "--format", "json"],
                                     stdout: ours, scratch: scratch, timeout: timeout)
        guard a.status == 0, !a.timedOut else {
            return title + " not checked — memberships status " + (a.timedOut ? "timed out" : "failed: \(a.stderrTail)")
        }
        let b = try ChildProcess.run([python, peer, ledger, "--as-of", asOf], stdout: theirs, scratch: scratch,
                                     timeout: timeout)
        guard b.status == 0, !b.timedOut else {
            return title + " not checked — the peer " + (b.timedOut ? "timed out" : "failed: \(b.stderrTail)")
        }
        return title + " " + PeerCheck.compare(memberships: ours, peer: theirs)
    }
}
