import Foundation

/// `run --ledger DIR [--runs K] [--steps …]`: the library's steps timed in this process
/// (`Steps.swift` holds every library call): median and min of K runs, events/s, MB/s,
/// and this process's peak resident set after each step (`ru_maxrss`, which only grows).
/// Steps that write (snapshot, the tree's cache, appends) run on a copy of the ledger in a
/// temporary directory, never on DIR.
struct RunCommand {
    static let stepNames = ["decode", "verify", "replay", "status", "timeline", "network-views", "member-views",
                            "snapshot", "status-from-snapshot", "status-from-snapshot-events", "prove-first", "prove", "append-first", "append-1", "append-100k"]

    let ledger: String
    let runs: Int
    let steps: [String]

    init(_ options: BenchOptions) throws(BenchError) {
        ledger = try options.required("ledger")
        runs = try options.integer("runs", default: 5)
        if let list = options.string("steps") {
            steps = list.split(separator: ",").map(String.init)
            if let bad = steps.first(where: { !RunCommand.stepNames.contains($0) }) {
                throw .usage("unknown step '\(bad)'; steps: \(RunCommand.stepNames.joined(separator: ", "))")
            }
        } else {
            steps = RunCommand.stepNames
        }
    }

    private struct Row {
        var step: String
        var times: [Double]
        var events: Int?
        var bytes: Int?
        var peak: Int
        var note: String
    }

    func run() throws(BenchError) -> Int32 {
        let log = ledger + "/" + Steps.logName
        guard LedgerFiles.exists(log) else { throw BenchError("no ledger at \(ledger) (no \(Steps.logName))") }
        let bytes = LedgerFiles.size(log)
        let lines = LedgerFiles.lineCount(log)
        print("ledger-bench run: \(ledger) — \(Format.count(lines)) events, \(Format.megabytes(bytes)); "
              + "\(runs) run\(runs == 1 ? "" : "s") per step, median and min; as of \(Steps.asOf); "
              + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
        var rows: [Row] = []
        var failures: [String] = []
        func want(_ step: String) -> Bool { steps.contains(step) }

        /// Times `body` `count` times after `prepare` (untimed) each time, and prints the row at once.
        func measure(_ step: String, count: Int? = nil, events: Int?, bytes: Int?, note: String = "",
                     prepare: () throws(BenchError) -> Void = {}, _ body: () throws(BenchError) -> Void) throws(BenchError) {
            progress("\(step)…")
            var times: [Double] = []
            for _ in 0..<(count ?? runs) {
                try prepare()
                times.append(try Timing.seconds(body))
            }
            let row = Row(step: step, times: times, events: events, bytes: bytes, peak: Timing.peakRSS(), note: note)
            rows.append(row)
            progress("\(step): median \(Format.seconds(Timing.median(times)))")
        }

        var decoded: Steps.Decoded?
        if want("decode") {
            try measure("decode (read + decode every line)", events: lines, bytes: bytes) { () throws(BenchError) in
                decoded = try Steps.decode(ledger: ledger)
            }
        }
        if want("verify") {
            var problems: [String] = []
            try measure("verify (chain, schema, every rule)", events: lines, bytes: bytes) { () throws(BenchError) in
                problems = try Steps.verify(ledger: ledger).problems
            }
            if !problems.isEmpty { failures.append("verify found problems: " + problems.joined(separator: "; ")) }
        }
        let viewSteps = ["replay", "status", "timeline", "network-views", "member-views"]
        if steps.contains(where: viewSteps.contains) {
            let events: Steps.Decoded
            if let decoded { events = decoded } else { events = try Steps.decode(ledger: ledger) }
            let names = Steps.sampleNames(events, count: 5)
            var replayed = Steps.replay(events)
            if want("replay") {
                try measure("replay (amendments applied, §4 order)", events: lines, bytes: nil) { () throws(BenchError) in
                    replayed = Steps.replay(events)
                }
            }
            if want("status") {
                var count = 0
                try measure("status view", events: lines, bytes: nil) { () throws(BenchError) in
                    count = try Steps.status(replayed)
                }
                rows[rows.count - 1].note = "\(Format.count(count)) rows"
            }
            if want("timeline") {
                var count = 0
                try measure("timeline view", events: lines, bytes: nil) { () throws(BenchError) in
                    count = try Steps.timeline(replayed)
                }
                rows[rows.count - 1].note = "\(Format.count(count)) rows"
            }
            if want("network-views") {
                try measure("network view ×\(names.networks.count)", events: nil, bytes: nil,
                            note: names.networks.joined(separator: " ")) { () throws(BenchError) in
                    _ = try Steps.networkViews(replayed, names.networks)
                }
            }
            if want("member-views") {
                try measure("member view ×\(names.members.count)", events: nil, bytes: nil,
                            note: names.members.joined(separator: " ")) { () throws(BenchError) in
                    _ = try Steps.memberViews(replayed, names.members)
                }
            }
        }
        decoded = nil

        let writing = ["snapshot", "status-from-snapshot", "status-from-snapshot-events", "prove-first", "prove", "append-first", "append-1", "append-100k"]
        if steps.contains(where: writing.contains) {
            let scratch = try LedgerFiles.temporaryDirectory("run")
            defer { LedgerFiles.remove(scratch) }
            let work = scratch + "/ledger"
            try LedgerFiles.copy(ledger: ledger, to: work, snapshots: [])
            if want("snapshot") {
                try measure("snapshot (write the views' snapshot)", events: lines, bytes: bytes) { () throws(BenchError) in
                    _ = try Steps.writeSnapshot(ledger: work)
                }
            }
            if want("status-from-snapshot") {
                if !want("snapshot") { _ = try Steps.writeSnapshot(ledger: work) }
                try measure("status from the snapshot (its folded status, judged)", events: lines, bytes: nil) { () throws(BenchError) in
                    _ = try Steps.statusFromSnapshot(ledger: work)
                }
            }
            if want("status-from-snapshot-events") {
                if !want("snapshot") && !want("status-from-snapshot") { _ = try Steps.writeSnapshot(ledger: work) }
                try measure("status from the snapshot's events (load + replay + status)", events: lines, bytes: nil) { () throws(BenchError) in
                    _ = try Steps.statusFromSnapshotEvents(ledger: work)
                }
            }
            if want("prove-first") || want("prove") {
                let id = try Steps.middleEventID(ledger: work)
                let cache = work + "/Snapshots/" + Steps.treeCacheName
                try measure("prove an event, first (no tree cache)", count: want("prove-first") ? runs : 1, events: lines, bytes: bytes,
                            note: "hashes every line, writes the tree's cache", prepare: { LedgerFiles.remove(cache) }) { () throws(BenchError) in
                    _ = try Steps.prove(ledger: work, id: id)
                }
                if !want("prove-first") { rows.removeLast() }
                if want("prove") {
                    try measure("prove an event (tree cache)", events: nil, bytes: nil, note: "line \(Format.count(lines / 2 + 1))") { () throws(BenchError) in
                        _ = try Steps.prove(ledger: work, id: id)
                    }
                }
            }
            let one = ledger + "/bench-input/append-1.jsonl"
            let batch = ledger + "/bench-input/append-100k.jsonl"
            if steps.contains(where: ["append-first", "append-1", "append-100k"].contains) {
                guard LedgerFiles.exists(one), LedgerFiles.exists(batch) else {
                    throw BenchError("no \(ledger)/bench-input/append-1.jsonl or append-100k.jsonl: make the ledger with 'ledger-bench generate'")
                }
                // The first append builds the writer's cache; the later ones use it.
                try measure("append 1 event, first (no writer's cache)", count: want("append-first") ? runs : 1,
                            events: lines, bytes: bytes, note: "rebuilds the writer's cache from the whole log",
                            prepare: { LedgerFiles.removeSnapshots(in: work, prefix: Steps.writerCachePrefix) }) { () throws(BenchError) in
                    _ = try Steps.append(ledger: work, file: one)
                }
                if !want("append-first") { rows.removeLast() }
            }
            if want("append-1") {
                try measure("append 1 event (warm writer's cache)", events: nil, bytes: nil) { () throws(BenchError) in
                    _ = try Steps.append(ledger: work, file: one)
                }
            }
            if want("append-100k") {
                let copy = scratch + "/batch"
                var appended = 0
                try measure("append 100k batch (copy with warm cache)", events: AppendInputs.batchSize,
                            bytes: LedgerFiles.size(batch), note: "events/s and MB/s of the batch", prepare: { () throws(BenchError) in
                                LedgerFiles.remove(copy)
                                try LedgerFiles.copy(ledger: work, to: copy, snapshots: [Steps.writerCachePrefix])
                            }) { () throws(BenchError) in
                    appended = try Steps.append(ledger: copy, file: batch)
                }
                if appended != AppendInputs.batchSize {
                    failures.append("the 100k batch appended \(appended) events, not \(AppendInputs.batchSize)")
                }
            }
        }

        var table = TextTable(["step", "median", "min", "events/s", "MB/s", "peak RSS so far", "note"], left: [0, 6])
        for row in rows {
            let median = Timing.median(row.times)
            table.add([row.step, Format.seconds(median), Format.seconds(row.times.min() ?? .nan),
                       row.events.map { Format.count(Int(Double($0) / median)) } ?? "—",
                       row.bytes.map { String(format: "%.1f", Double($0) / 1_000_000 / median) } ?? "—",
                       Format.megabytes(row.peak), row.note])
        }
        print(table.render())
        for failure in failures { print("FAILED: \(failure)") }
        return failures.isEmpty ? 0 : 1
    }
}

/// A progress line on stderr (the report itself goes to stdout).
func progress(_ text: String) {
    FileHandle.standardError.write(Data(("  " + text + "\n").utf8))
}
