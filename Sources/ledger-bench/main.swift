// ledger-bench: synthetic ledgers and timed runs of the hot paths.
//
//   swift run -c release ledger-bench [EVENTS] [KEEP-DIR]   (default 200000 events)
//
// With KEEP-DIR the synthetic ledger is built there and kept (to compare other tools on it).
// It builds a synthetic ledger in a temporary directory through the store (so the
// chain and validation are real), then times: parsing + decoding the log, verify
// (chain + schema + rules), a replay with the status and timeline views, and
// single-event appends (lock, cache + tail, fsync).
import Foundation
import Ledger
import Projections

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func best(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var result = Double.infinity
    for _ in 0..<runs { result = min(result, try seconds(body)) }
    return result
}

let target = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 200_000 : 200_000
let keep = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil
let root = keep ?? NSTemporaryDirectory() + "ledger-bench-\(getpid())"
defer { if keep == nil { try? FileManager.default.removeItem(atPath: root) } }
var clock = Timestamp(seconds: 1_767_225_600)
_ = try LedgerStore.create(at: root, name: "bench", by: nil, now: clock)
let store = LedgerStore(root: root)

// A synthetic record: 20 networks with policies, members joining, milestones, recognitions.
var lines: [String] = []
for n in 0..<20 {
    lines.append(#"{"type":"network","network":"net-\#(n)","name":"Network \#(n)","kind":"network"}"#)
    lines.append(#"{"type":"policy","network":"net-\#(n)","date":"2000","title":"rules","rules":[{"milestone":"inventory","within":12},{"milestone":"plan","within":24}],"every":[{"milestone":"report","months":24,"after":"plan"}],"badge":"compliant"}"#)
}
var members = 0
while lines.count < target {
    let m = members
    members += 1
    lines.append(#"{"type":"member","member":"city-\#(m)","name":"City \#(m)","kind":"city","country":"FR"}"#)
    for k in 0..<3 where lines.count < target {
        let network = (m * 7 + k * 3) % 20
        let year = 2001 + (m + k) % 15
        lines.append(#"{"type":"signature","member":"city-\#(m)","network":"net-\#(network)","date":"\#(year)-03","source":"synthetic"}"#)
        lines.append(#"{"type":"milestone","member":"city-\#(m)","network":"net-\#(network)","date":"\#(year)-11","milestone":"inventory"}"#)
        lines.append(#"{"type":"milestone","member":"city-\#(m)","network":"net-\#(network)","date":"\#(year + 1)-06-15","milestone":"plan"}"#)
        lines.append(#"{"type":"milestone","member":"city-\#(m)","network":"net-\#(network)","date":"\#(year + 3)","milestone":"report"}"#)
    }
}
let batch = 5_000
for start in stride(from: 0, to: lines.count, by: batch) {
    clock = Timestamp(seconds: clock.seconds + 1)
    let text = lines[start..<min(start + batch, lines.count)].joined(separator: "\n")
    let inputs = try InputEvents.parse(Array(text.utf8), file: "bench")
    _ = try store.append(inputs, now: clock) { _ in }
}
let bytes = try InputFile.read(store.logPath)
let megabytes = Double(bytes.count) / 1_000_000
print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores")
print("ledger: \(lines.count + 1) events, \(String(format: "%.1f", megabytes)) MB")

let parse = try best(3) { _ = try LogReader.events(in: bytes, file: "bench") }
print(String(format: "read + decode:        %7.3f s  %6.1f MB/s", parse, megabytes / parse))
let verify = best(3) { _ = Verifier.verify(bytes: bytes) }
print(String(format: "verify (all checks):  %7.3f s  %6.1f MB/s", verify, megabytes / verify))
let events = try LogReader.events(in: bytes, file: "bench").events
let asOf = Day(year: 2020, month: 6, day: 30)!
let status = best(3) { _ = Replay(events: events, knownAt: nil).status(asOf: asOf, member: nil, network: nil) }
print(String(format: "replay + status:      %7.3f s", status))
let timeline = best(3) {
    _ = Replay(events: events, knownAt: nil).timeline(asOf: asOf, member: nil, network: nil, from: nil, to: nil)
}
print(String(format: "replay + timeline:    %7.3f s", timeline))
var appends = 0
let appendTime = try seconds {
    for i in 0..<50 {
        clock = Timestamp(seconds: clock.seconds + 1)
        let text = #"{"type":"activity","member":"city-\#(i)","date":"2020","title":"bench"}"#
        _ = try store.append(try InputEvents.parse(Array(text.utf8), file: "bench"), now: clock) { _ in }
        appends += 1
    }
}
print(String(format: "append (1 event):     %7.2f ms each (lock, cache + tail, fsync)", appendTime / Double(appends) * 1000))
