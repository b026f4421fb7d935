import Ledger

/// The report's timeline chart: one inline SVG, one lane per commitment, a year axis, a line
/// at the as-of day, markers for dated events, and a legend — all drawn from `ReportLane`s.
///
/// Drawing conventions:
/// - a lane's bar runs from its start to its end (see `ReportLane`), coloured by status;
///   when the start's date is a span (earliest ≠ latest) the part up to its latest day is
///   a lighter band;
/// - a marker sits at its event's earliest day (the day it starts to count, SPEC §4); an
///   event whose date is a span also gets a lighter band from earliest to latest;
/// - every marker and bar carries a `<title>` tooltip (date as written, then the summary).
struct HTMLChart {
    let lanes: [ReportLane]
    let asOf: Day
    /// Names in force, by slug, for the labels.
    let memberNames: [String: String]
    let networkNames: [String: String]

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

    /// The marker kinds, in legend order: event type and the label the legend gives it.
    static let markerKinds: [(type: String, label: String)] = [
        ("milestone", "milestone"), ("recognition", "recognition"), ("suspension", "suspension"),
        ("reinstatement", "reinstatement"), ("withdrawal", "withdrawal"), ("merger", "merger"),
        ("closure", "closure"), ("activity", "activity"),
    ]

    /// The first and last day of the axis: 1 January of the earliest start's year, and
    /// 1 January of the year after the as-of day.
    var range: (Day, Day) {
        let firstYear = min(lanes.map(\.first).min()?.year ?? asOf.year, asOf.year)
        return (Day(year: firstYear, month: 1, day: 1)!, Day(year: asOf.year + 1, month: 1, day: 1)!)
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
        let height = lanesBottom + 72
        let n = HTMLText.number
        var svg = ["<svg class=\"chart\" viewBox=\"0 0 \(n(Self.width)) \(n(height))\" "
                   + "role=\"img\" aria-label=\"Timeline of \(lanes.count) commitments as of \(asOf)\">"]
        svg += axis(bottom: lanesBottom)
        if lanes.isEmpty {
            svg.append("<text class=\"empty\" x=\"\(n(Self.plotLeft))\" y=\"\(n(Self.laneTop + 17))\">No commitments as of \(asOf).</text>")
        }
        for (index, lane) in lanes.enumerated() {
            svg += self.lane(lane, index: index)
        }
        svg += legend(top: lanesBottom + 20)
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
        out.append("<text class=\"asof\" x=\"\(n(now))\" y=\"14\" text-anchor=\"end\">as of \(asOf)</text>")
        out.append("</g>")
        return out
    }

    /// One lane: its label, its bar (with a lighter band for an uncertain start), its markers.
    private func lane(_ lane: ReportLane, index: Int) -> [String] {
        let n = HTMLText.number
        let e = HTMLText.escape
        let row = lane.row
        let member = row.text("member"), network = row.text("network")
        let top = Self.laneTop + Double(index) * Self.laneHeight
        let middle = top + Self.laneHeight / 2
        let firstOfMember = index == 0 || lanes[index - 1].row.text("member") != member
        let colour = Self.colour(of: lane.status)
        let memberName = memberNames[member] ?? member
        let networkName = networkNames[network] ?? network
        var out = ["<g class=\"lane\">"]
        if firstOfMember {
            out.append("<line class=\"sep\" x1=\"0\" y1=\"\(n(top))\" x2=\"\(n(Self.width))\" y2=\"\(n(top))\"/>")
            out.append("<text class=\"member\" x=\"8\" y=\"\(n(middle + 4))\">\(e(DisplayWidth.truncate(memberName, to: 18)))<title>\(e(memberName))</title></text>")
        }
        let via = row.text("via") == "merger" ? " ↳" : ""
        out.append("<text class=\"network\" x=\"136\" y=\"\(n(middle + 4))\">\(e(DisplayWidth.truncate(networkName, to: 36) + via))<title>\(e(networkName))</title></text>")
        let title = e(laneTitle(row, memberName: memberName, networkName: networkName))
        let uncertain = row.flag("certain") ? "" : " uncertain"
        // A start dated by a span may have happened anywhere in it: lighter up to its latest day.
        let (earliest, latest) = lane.start.map { ($0.earliest, $0.latest) } ?? (lane.first, lane.first)
        let solidFrom = earliest == latest ? earliest : latest.addingDays(1)
        if earliest != latest {
            out.append(bar("band" + (solidFrom > lane.end ? uncertain : ""), from: earliest,
                           to: min(latest, lane.end), colour: colour, middle: middle, title: title))
        }
        if solidFrom <= lane.end {
            out.append(bar("bar" + uncertain, from: solidFrom, to: lane.end, colour: colour, middle: middle, title: title))
        }
        for marker in lane.markers {
            out += self.marker(marker, middle: middle, laneEnd: lane.end)
        }
        out.append("</g>")
        return out
    }

    /// A bar (or a lighter band) covering the days `from` through `to`, with its tooltip.
    private func bar(_ classes: String, from: Day, to: Day, colour: String, middle: Double, title: String) -> String {
        let n = HTMLText.number
        let left = x(from)
        return "<rect class=\"\(classes)\" x=\"\(n(left))\" y=\"\(n(middle - Self.barHeight / 2))\" "
            + "width=\"\(n(max(2, x(to.addingDays(1)) - left)))\" height=\"\(n(Self.barHeight))\" fill=\"\(colour)\">"
            + "<title>\(title)</title></rect>"
    }

    /// The tooltip of a bar: who, where, how, since when, and the status in words.
    private func laneTitle(_ row: JSONValue, memberName: String, networkName: String) -> String {
        var status = row.text("status")
        if !row.text("reason").isEmpty { status += " (\(row.text("reason")))" }
        if !row.text("badge").isEmpty { status += " — \(row.text("badge"))" }
        if !row.flag("certain") { status += " — not certain as of \(asOf)" }
        return "\(memberName) — \(networkName): \(row.text("via")) since \(row.text("since")); \(status)"
    }

    /// One marker with its tooltip, and a lighter band when its date is a span (cut at the
    /// lane's end: past the as-of day or the ending, the chart shows nothing).
    private func marker(_ event: JSONValue, middle: Double, laneEnd: Day) -> [String] {
        let n = HTMLText.number
        guard let earliest = Day.parse(event.text("earliest")), let latest = Day.parse(event.text("latest")) else { return [] }
        let type = event.text("type")
        var tip = event.text("date") + " — " + event.text("summary")
        if !event.flag("certain") { tip += " (not certain as of \(asOf))" }
        if event.flag("corrected") { tip += " (corrected)" }
        var out = ["<g class=\"marker \(HTMLText.escape(type))\"><title>\(HTMLText.escape(tip))</title>"]
        if earliest != latest {
            let left = x(earliest)
            out.append("<rect class=\"mband\" x=\"\(n(left))\" y=\"\(n(middle - 9))\" width=\"\(n(max(2, x(min(latest, laneEnd).addingDays(1)) - left)))\" height=\"18\"/>")
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

    /// The legend: statuses, the lighter band, the as-of line, then the marker shapes.
    private func legend(top: Double) -> [String] {
        let n = HTMLText.number
        var out = ["<g class=\"legend\">"]
        var left = 8.0
        for (status, colour) in Self.statusColours {
            out.append("<rect class=\"bar\" x=\"\(n(left))\" y=\"\(n(top - 6))\" width=\"22\" height=\"12\" fill=\"\(colour)\"/>")
            out.append("<text x=\"\(n(left + 28))\" y=\"\(n(top + 4))\">\(status)</text>")
            left += 140
        }
        out.append("<rect class=\"band\" x=\"\(n(left))\" y=\"\(n(top - 6))\" width=\"22\" height=\"12\" fill=\"#1565c0\"/>")
        out.append("<text x=\"\(n(left + 28))\" y=\"\(n(top + 4))\">lighter: date is a span (earliest–latest)</text>")
        let second = top + 28
        left = 8
        for (type, label) in Self.markerKinds {
            out.append("<g class=\"marker \(type)\">" + Self.glyph(type, x: left + 10, y: second) + "</g>")
            out.append("<text x=\"\(n(left + 24))\" y=\"\(n(second + 4))\">\(label)</text>")
            left += 120
        }
        out.append("<text x=\"\(n(left))\" y=\"\(n(second + 4))\">↳ carried by a merger</text>")
        out.append("</g>")
        return out
    }
}
