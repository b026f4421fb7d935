import Ledger
import Projections

/// The report's timeline chart: one inline SVG, one lane per commitment, a year axis, a line
/// at the as-of day, markers for dated events, ticks at the rules' deadlines, and a legend —
/// all drawn from `ReportLane`s, in the page's language.
///
/// Drawing conventions:
/// - a lane's bar runs from its start to its end (see `ReportLane`), coloured by status;
///   when the start's date is a span (earliest ≠ latest) the part up to its latest day is
///   a lighter, hatched band — hatching, not hue alone, so it reads without colour;
/// - a status not certain as of the as-of day has a dashed outline;
/// - a marker sits at its event's earliest day (the day it starts to count, SPEC §4); an
///   event whose date is a span also gets a hatched band from earliest to latest;
/// - a tick crosses the lane at each rule's due date (within the lane, or up to the axis's
///   end while the commitment is open): thin and grey when met, thick with a cap in the
///   warning colour when overdue, dashed while ahead, dotted when a recognition decides;
/// - every marker, tick and bar carries a `<title>` tooltip.
struct HTMLChart {
    let lanes: [ReportLane]
    let asOf: Day
    /// Names in force, by slug, for the labels.
    let memberNames: [String: String]
    let networkNames: [String: String]
    /// The page's words.
    let text: ReportText
    /// The events the markers stand for, as amended, by id (a marker without one shows its
    /// row's summary).
    let events: [String: Event]

    static let width = 1200.0
    static let plotLeft = 400.0
    static let plotRight = 1180.0
    static let axisY = 44.0
    static let laneTop = 52.0
    static let laneHeight = 26.0
    static let barHeight = 12.0

    /// The status colours, in legend order.
    static let statusColours: [(status: String, colour: String)] = [
        ("compliant", "#2e7d32"), ("on-track", "#1565c0"), ("overdue", "#e65100"),
        ("no-obligations", "#78909c"), ("suspended", "#8e24aa"), ("ended", "#9e9e9e"),
    ]

    /// The marker kinds (event types), in legend order.
    static let markerKinds = ["milestone", "recognition", "suspension", "reinstatement", "withdrawal", "merger",
                              "closure", "activity"]

    /// The deadline tick states, in legend order, with the legend's word for each.
    static let tickStates: [(state: String, label: ReportWord)] = [
        ("met", .legendDeadlineMet), ("overdue", .legendDeadlineOverdue), ("ahead", .legendDeadlineAhead),
        ("unrecorded", .legendDeadlineNotRecorded),
    ]

    /// The first and last day of the axis: 1 January of the earliest start's year, and
    /// 1 January of the year after the as-of day. Found once: every x coordinate reads it.
    let range: (Day, Day)

    init(lanes: [ReportLane], asOf: Day, memberNames: [String: String], networkNames: [String: String],
         text: ReportText, events: [String: Event]) {
        self.lanes = lanes
        self.asOf = asOf
        self.memberNames = memberNames
        self.networkNames = networkNames
        self.text = text
        self.events = events
        let firstYear = min(lanes.map(\.first).min()?.year ?? asOf.year, asOf.year)
        range = (Day(year: firstYear, month: 1, day: 1)!, Day(year: asOf.year + 1, month: 1, day: 1)!)
    }

    /// The x coordinate of the start of `day`, clamped to the plot.
    func x(_ day: Day) -> Double {
        let (low, high) = range
        let clamped = min(max(day, low), high)
        let fraction = Double(clamped.ordinal - low.ordinal) / Double(max(1, high.ordinal - low.ordinal))
        return Self.plotLeft + fraction * (Self.plotRight - Self.plotLeft)
    }

    /// The whole `<svg>` element.
    func render() -> String {
        let lanesBottom = Self.laneTop + Double(max(lanes.count, 1)) * Self.laneHeight
        let (legend, legendHeight) = self.legend(top: lanesBottom + 22)
        let height = lanesBottom + 22 + legendHeight
        let n = HTMLText.number
        var svg = ["<svg class=\"chart\" viewBox=\"0 0 \(n(Self.width)) \(n(height))\" "
                   + "role=\"img\" aria-label=\"\(text(.chartLabel, text.count(lanes.count, one: .commitmentOne, other: .commitmentOther), text.day(asOf)))\">",
                   // Hatching: dark stripes over a light fill, readable in grey and in print.
                   "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                   + "patternTransform=\"rotate(45)\"><rect width=\"2\" height=\"6\" fill=\"#263238\" fill-opacity=\"0.55\"/></pattern></defs>"]
        svg += axis(bottom: lanesBottom)
        if lanes.isEmpty {
            svg.append("<text class=\"empty\" x=\"\(n(Self.plotLeft))\" y=\"\(n(Self.laneTop + 17))\">\(text(.noCommitments, text.day(asOf)))</text>")
        }
        for (index, lane) in lanes.enumerated() {
            svg += self.lane(lane, index: index)
        }
        svg += legend
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    /// Year ticks and labels, grid lines, and the as-of line.
    private func axis(bottom: Double) -> [String] {
        let n = HTMLText.number
        let (low, high) = range
        let span = high.year - low.year
        let step = [1, 2, 5, 10, 20, 50, 100, 200, 500].first { span / $0 <= 24 } ?? 1000
        var out = ["<g class=\"axis\">",
                   "<line x1=\"\(n(Self.plotLeft))\" y1=\"\(n(Self.axisY))\" x2=\"\(n(Self.plotRight))\" y2=\"\(n(Self.axisY))\"/>"]
        var year = low.year
        while year <= high.year {
            let tick = x(Day(year: year, month: 1, day: 1)!)
            out.append("<line class=\"grid\" x1=\"\(n(tick))\" y1=\"\(n(Self.axisY))\" x2=\"\(n(tick))\" y2=\"\(n(bottom))\"/>")
            out.append("<text x=\"\(n(tick))\" y=\"\(n(Self.axisY - 8))\" text-anchor=\"middle\">\(year)</text>")
            year += step
        }
        let now = x(asOf.addingDays(1))
        out.append("<line class=\"asof\" x1=\"\(n(now))\" y1=\"\(n(Self.axisY - 4))\" x2=\"\(n(now))\" y2=\"\(n(bottom))\"/>")
        out.append("<text class=\"asof\" x=\"\(n(now))\" y=\"14\" text-anchor=\"end\">\(text(.asOf, text.day(asOf)))</text>")
        out.append("</g>")
        return out
    }

    /// One lane: its label, its bar (with a hatched band for an uncertain start), its
    /// deadline ticks and its markers.
    private func lane(_ lane: ReportLane, index: Int) -> [String] {
        let n = HTMLText.number
        let e = HTMLText.escape
        let row = lane.row
        let member = row.member.rawValue, network = row.network.rawValue
        let top = Self.laneTop + Double(index) * Self.laneHeight
        let middle = top + Self.laneHeight / 2
        let firstOfMember = index == 0 || lanes[index - 1].row.member != row.member
        let colour = Self.colour(of: lane.status)
        let memberName = memberNames[member] ?? member
        let networkName = networkNames[network] ?? network
        var out = ["<g class=\"lane\">"]
        if firstOfMember {
            out.append("<line class=\"sep\" x1=\"0\" y1=\"\(n(top))\" x2=\"\(n(Self.width))\" y2=\"\(n(top))\"/>")
            out.append("<text class=\"member\" x=\"8\" y=\"\(n(middle + 4))\">\(e(DisplayWidth.truncate(memberName, to: 18)))<title>\(e(memberName))</title></text>")
        }
        let via = row.via == "merger" ? " ↳" : ""
        out.append("<text class=\"network\" x=\"136\" y=\"\(n(middle + 4))\">\(e(DisplayWidth.truncate(networkName, to: 36) + via))<title>\(e(networkName))</title></text>")
        let title = laneTitle(row, memberName: memberName, networkName: networkName)
        let uncertain = row.certain ? "" : " uncertain"
        // A start dated by a span may have happened anywhere in it: hatched up to its latest day.
        let (earliest, latest) = lane.start.map { ($0.earliest, $0.latest) } ?? (lane.first, lane.first)
        let solidFrom = earliest == latest ? earliest : latest.addingDays(1)
        if earliest != latest {
            out.append(bar("band" + (solidFrom > lane.end ? uncertain : ""), from: earliest,
                           to: min(latest, lane.end), colour: colour, middle: middle, title: title))
        }
        if solidFrom <= lane.end {
            out.append(bar("bar" + uncertain, from: solidFrom, to: lane.end, colour: colour, middle: middle, title: title))
        }
        out += ticks(lane, middle: middle)
        for marker in lane.markers {
            out += self.marker(marker, middle: middle, laneEnd: lane.end)
        }
        out.append("</g>")
        return out
    }

    /// A bar covering the days `from` through `to`, with its tooltip; a band (class `band`)
    /// is the same bar lighter, with hatching over it.
    private func bar(_ classes: String, from: Day, to: Day, colour: String, middle: Double, title: String) -> String {
        let n = HTMLText.number
        let left = x(from)
        let box = "x=\"\(n(left))\" y=\"\(n(middle - Self.barHeight / 2))\" "
            + "width=\"\(n(max(2, x(to.addingDays(1)) - left)))\" height=\"\(n(Self.barHeight))\""
        let rect = "<rect class=\"\(classes)\" \(box) fill=\"\(colour)\"><title>\(title)</title></rect>"
        guard classes.hasPrefix("band") else { return rect }
        return rect + "<rect class=\"hatch\" \(box) fill=\"url(#hatch)\"><title>\(title)</title></rect>"
    }

    /// The tooltip of a bar: who, where, how, since when, and the status in words.
    private func laneTitle(_ row: StatusRow, memberName: String, networkName: String) -> String {
        let e = HTMLText.escape
        var status = text.status(row.status.rawValue)
        if let reason = row.reason, !reason.isEmpty { status += " (\(text.reason(reason)))" }
        if let badge = row.badge, !badge.isEmpty { status += " — \(e(badge))" }
        if !row.certain { status += " — " + text(.notCertain, text.day(asOf)) }
        return text(.laneTitle, e(memberName), e(networkName), text.via(row.via), text.date(row.since), status)
    }

    /// The deadline ticks of a lane: one at each rule's due day, from the lane's start to its
    /// end (to the axis's end while the commitment is open: a deadline ahead shows too).
    private func ticks(_ lane: ReportLane, middle: Double) -> [String] {
        let last = lane.status == "ended" ? lane.end : range.1.addingDays(-1)
        let superseded = StatusCommand.recognitionDecides(status: lane.status, basis: lane.row.basis)
        var out: [String] = []
        for rule in lane.row.rules {
            let due = rule.due
            guard due >= lane.first, due <= last else { continue }
            let (state, words) = HTMLTables.judged(rule, superseded: superseded, text: text)
            let tip = text(.deadline, HTMLText.escape(rule.milestone), text.day(due))
                + (rule.recurring ? " " + text(.ruleRecurring) : "") + (words.isEmpty ? "" : " — " + words)
            out.append(Self.tick(state, x: x(due), y: middle, title: tip))
        }
        return out
    }

    /// A deadline tick in `state` (`met`, `overdue`, `ahead`, `unrecorded`) centred on (x, y):
    /// a line across the lane, a cap when overdue, and a wider invisible strip to hover.
    static func tick(_ state: String, x: Double, y: Double, title: String?) -> String {
        let n = HTMLText.number
        var out = "<g class=\"tick \(state)\">" + (title.map { "<title>\($0)</title>" } ?? "")
        out += "<line x1=\"\(n(x))\" y1=\"\(n(y - 10))\" x2=\"\(n(x))\" y2=\"\(n(y + 10))\"/>"
        if state == "overdue" {
            out += "<polygon points=\"\(n(x - 4.5)),\(n(y - 13)) \(n(x + 4.5)),\(n(y - 13)) \(n(x)),\(n(y - 7))\"/>"
        }
        return out + "<rect class=\"hit\" x=\"\(n(x - 3))\" y=\"\(n(y - 13))\" width=\"6\" height=\"26\"/></g>"
    }

    /// One marker with its tooltip, and a hatched band when its date is a span (cut at the
    /// lane's end: past the as-of day or the ending, the chart shows nothing).
    private func marker(_ row: TimelineRow, middle: Double, laneEnd: Day) -> [String] {
        let n = HTMLText.number
        let earliest = row.earliest, latest = row.latest
        let type = row.type.rawValue
        let what = events[row.id.rawValue].map { text.describe($0, networkNames: networkNames) } ?? HTMLText.escape(row.summary)
        var tip = text.date(row.date) + " — " + what
        if !row.certain { tip += " (" + text(.notCertain, text.day(asOf)) + ")" }
        if row.corrected { tip += " (" + text(.corrected) + ")" }
        var out = ["<g class=\"marker \(HTMLText.escape(type))\"><title>\(tip)</title>"]
        if earliest != latest {
            let left = x(earliest)
            out.append("<rect class=\"mband\" x=\"\(n(left))\" y=\"\(n(middle - 9))\" width=\"\(n(max(2, x(min(latest, laneEnd).addingDays(1)) - left)))\" height=\"18\" fill=\"url(#hatch)\"/>")
        }
        out.append(Self.glyph(type, x: x(earliest), y: middle))
        out.append("</g>")
        return out
    }

    /// The shape of a marker of `type` centred on (x, y); styled by the CSS classes.
    static func glyph(_ type: String, x: Double, y: Double) -> String {
        let n = HTMLText.number
        func points(_ list: [(Double, Double)]) -> String {
            "<polygon points=\"" + list.map { "\(n(x + $0.0)),\(n(y + $0.1))" }.joined(separator: " ") + "\"/>"
        }
        switch type {
        case "milestone": return points([(0, -7), (6, 0), (0, 7), (-6, 0)])
        case "recognition": return points([(0, -8), (2.4, -2.5), (7.6, -2.5), (3.5, 1), (4.9, 6.5), (0, 3.3), (-4.9, 6.5), (-3.5, 1), (-7.6, -2.5), (-2.4, -2.5)])
        case "suspension": return "<rect x=\"\(n(x - 5))\" y=\"\(n(y - 5))\" width=\"10\" height=\"10\"/>"
        case "reinstatement": return points([(0, -7), (6.5, 5), (-6.5, 5)])
        case "withdrawal", "closure": return "<rect x=\"\(n(x - 2))\" y=\"\(n(y - 10))\" width=\"4\" height=\"20\"/>"
        case "merger": return points([(-5, -7), (7, 0), (-5, 7)])
        case "activity": return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3.5\"/>"
        default: return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"4.5\"/>"
        }
    }

    /// The colour of a status (grey for one this page does not know).
    static func colour(of status: String) -> String {
        statusColours.first { $0.status == status }?.colour ?? "#bdbdbd"
    }

    /// The legend and its height: the statuses, the hatched band and the dashed outline; the
    /// marker shapes and the merger arrow; the deadline ticks. Each group starts a line, and
    /// items wrap at the chart's width (their width estimated from their text).
    private func legend(top: Double) -> ([String], Double) {
        let n = HTMLText.number
        var out = ["<g class=\"legend\">"]
        var left = 8.0, line = top
        /// Places an item: a sample drawn by `sample(x, y)`, if any, then its label.
        func item(_ label: String, newGroup: Bool = false, sample: ((Double, Double) -> String)?) {
            let indent = sample == nil ? 0.0 : 30.0
            let width = indent + Double(HTMLText.visibleLength(label)) * 6.2 + 24
            if newGroup && left > 8 || left + width > Self.width - 8 && left > 8 {
                left = 8
                line += 26
            }
            if let sample { out.append(sample(left, line)) }
            out.append("<text x=\"\(n(left + indent))\" y=\"\(n(line + 4))\">\(label)</text>")
            left += width
        }
        for (status, colour) in Self.statusColours {
            item(text.status(status)) { x, y in
                "<rect class=\"bar\" x=\"\(n(x))\" y=\"\(n(y - 6))\" width=\"22\" height=\"12\" fill=\"\(colour)\"/>"
            }
        }
        item(text(.legendSpan)) { x, y in
            let box = "x=\"\(n(x))\" y=\"\(n(y - 6))\" width=\"22\" height=\"12\""
            return "<rect class=\"band\" \(box) fill=\"#1565c0\"/><rect class=\"hatch\" \(box) fill=\"url(#hatch)\"/>"
        }
        item(text(.legendUncertain)) { x, y in
            "<rect class=\"bar uncertain\" x=\"\(n(x))\" y=\"\(n(y - 6))\" width=\"22\" height=\"12\" fill=\"#1565c0\"/>"
        }
        for (index, type) in Self.markerKinds.enumerated() {
            item(text.kind(type), newGroup: index == 0) { x, y in
                "<g class=\"marker \(type)\">" + Self.glyph(type, x: x + 10, y: y) + "</g>"
            }
        }
        item(text(.legendMerger), sample: nil)
        for (index, (state, label)) in Self.tickStates.enumerated() {
            item(text(label), newGroup: index == 0) { x, y in Self.tick(state, x: x + 11, y: y, title: nil) }
        }
        out.append("</g>")
        return (out, line - top + 24)
    }
}
