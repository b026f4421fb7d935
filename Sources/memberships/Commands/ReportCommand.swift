import Ledger
import Projections

/// `report --html FILE`: a self-contained HTML page — header, timeline chart, status and
/// timeline tables — built from the `status`, `timeline`, `members` and `networks` rows, and
/// written whole or not at all.
struct ReportCommand: Command {
    static let valued = ["html", "as-of", "known-at", "member", "network"]

    let options: ViewOptions
    let destination: String
    let member: String?
    let network: String?

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "report", what: "")
        options = try ViewOptions(args)
        guard let destination = args.value("html"), !destination.isEmpty else {
            throw LedgerError(.usage, "'report' needs --html FILE", hint: "for example: memberships report --html report.html")
        }
        self.destination = destination
        member = args.value("member")
        network = args.value("network")
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        // Before the replay, which can take long: a path that cannot take the page fails now.
        try OutputFile.check(destination, example: "report.html")
        let (replay, head) = try options.replay(context)
        let memberID = try replay.memberFilter(member)
        let networkID = try replay.networkFilter(network)
        let asOf = options.asOf
        let spans = replay.spans(asOf: asOf, member: memberID, network: networkID)
        let status = spans.map(\.row.json)
        let timeline = replay.timeline(asOf: asOf, member: memberID, network: networkID, from: nil, to: nil).map(\.json)
        // The chart finds its markers in the whole timeline, whatever the filters.
        let everything = replay.timeline(asOf: asOf, member: nil, network: nil, from: nil, to: nil).map(\.json)
        let report = HTMLReport(
            ledgerName: replay.ledgerName ?? "Ledger",
            asOf: asOf, knownAt: options.knownAtText, head: head, member: member, network: network,
            status: status, timeline: timeline,
            lanes: ReportLane.lanes(spans: spans, timeline: everything, asOf: asOf),
            memberNames: ReportCommand.names(replay.members(asOf: asOf).map(\.json), key: "member"),
            networkNames: ReportCommand.names(replay.networks(asOf: asOf).map(\.json), key: "network"))
        try OutputFile.write(Array(report.render().utf8), to: destination)
        context.console.out("wrote report to \(Console.safe(destination)) (\(status.count) commitments, \(timeline.count) events)")
        return 0
    }

    /// Slug → name in force, from `members` or `networks` rows.
    static func names(_ rows: [JSONValue], key: String) -> [String: String] {
        var names: [String: String] = [:]
        for row in rows where !row.text("name").isEmpty { names[row.text(key)] = row.text("name") }
        return names
    }
}
