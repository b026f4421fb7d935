import Ledger
import Projections

/// `report --html FILE [--lang en|fr]`: a self-contained HTML page — header, timeline chart,
/// status and timeline tables — built from the `status`, `timeline`, `members` and `networks`
/// rows and the events of the timeline rows, in English or French, and written whole or not
/// at all.
struct ReportCommand: Command {
    static let valued = ["html", "as-of", "known-at", "member", "network", "lang"]

    let options: ViewOptions
    let destination: String
    let member: String?
    let network: String?
    let language: ReportLanguage

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "report", what: "")
        options = try ViewOptions(args)
        guard let destination = args.value("html"), !destination.isEmpty else {
            throw LedgerError(.usage, "'report' needs --html FILE", hint: "for example: memberships report --html report.html")
        }
        self.destination = destination
        member = args.value("member")
        network = args.value("network")
        language = try ReportLanguage.parse(args.value("lang"))
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        // Before the replay, which can take long: a path that cannot take the page fails now.
        try OutputFile.check(destination, example: "report.html")
        let (replay, head) = try options.replay(context)
        let memberID = try replay.memberFilter(member)
        let networkID = try replay.networkFilter(network)
        let asOf = options.asOf
        let spans = replay.spans(asOf: asOf, member: memberID, network: networkID)
        let status = spans.map(\.row)
        let timeline = replay.timeline(asOf: asOf, member: memberID, network: networkID, from: nil, to: nil)
        // The chart finds its markers in the whole timeline, whatever the filters (the same
        // rows when there are none: each reads its line back, so they are not made twice).
        let everything = memberID == nil && networkID == nil
            ? timeline : replay.timeline(asOf: asOf, member: nil, network: nil, from: nil, to: nil)
        let lanes = ReportLane.lanes(spans: spans, timeline: everything, asOf: asOf)
        let report = HTMLReport(
            ledgerName: replay.ledgerName ?? "Ledger",
            asOf: asOf, knownAt: options.knownAtText, head: head, member: member, network: network,
            status: status, timeline: timeline, lanes: lanes,
            memberNames: ReportCommand.names(replay.members(asOf: asOf).map { ($0.member.rawValue, $0.name) }),
            networkNames: ReportCommand.names(replay.networks(asOf: asOf).map { ($0.network.rawValue, $0.name) }),
            events: ReportCommand.events(of: timeline + lanes.flatMap(\.markers), in: replay),
            language: language)
        try OutputFile.write(Array(report.render().utf8), to: destination)
        context.console.out("wrote report to \(Console.safe(destination)) (\(status.count) commitments, \(timeline.count) events)")
        return 0
    }

    /// Slug → name in force, from the slugs and names of `members` or `networks` rows.
    static func names(_ rows: [(slug: String, name: String?)]) -> [String: String] {
        var names: [String: String] = [:]
        for row in rows { if let name = row.name, !name.isEmpty { names[row.slug] = name } }
        return names
    }

    /// The event of each timeline row as the replay knows it (seq N is line N, corrections
    /// known at `--known-at` applied): what the page shows beyond the row, the event's fields
    /// and its `note`. A row whose line no longer holds its event (the file changed under the
    /// reader) gets none, and the page falls back on its summary.
    static func events(of rows: [TimelineRow], in replay: Replay) -> [String: Event] {
        var events: [String: Event] = [:]
        for row in rows {
            let id = row.id.rawValue
            guard events[id] == nil, let event = replay.amendedEvent(seq: row.seq), event.id.rawValue == id else { continue }
            events[id] = event
        }
        return events
    }
}
