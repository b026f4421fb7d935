import Foundation
import Testing
import Ledger
@testable import MembershipsCLI

/// `report --html FILE`: one self-contained, deterministic, escaped HTML page.
@Suite("report --html")
struct ReportTests {
    /// Runs `report` on the shipped ledger (read-only), writing into `dir`; returns the page.
    private func shippedReport(in dir: String, _ extra: [String] = [], name: String = "report.html",
                               sourceLocation: SourceLocation = #_sourceLocation) throws -> (RunResult, String) {
        let path = dir + "/" + name
        let result = try Binary.run(["--ledger", Package.root, "report", "--html", path] + extra,
                                    sourceLocation: sourceLocation)
        try #require(result.succeeded, "\(result)", sourceLocation: sourceLocation)
        let page = String(decoding: try LedgerFixture.readBytes(path), as: UTF8.self)
        return (result, page)
    }

    /// How many times `needle` occurs in `text`.
    private func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// Nothing in `page` would load anything: no script, link, image or frame element, no
    /// `src` or `href` attribute (escaped data can hold neither `<` nor `"`), and no `@import`
    /// or `url(` in the style sheet. URLs in the data's sources are fine as escaped text.
    private func expectNothingLoads(_ page: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lower = page.lowercased()
        for loader in ["<script", "<link", "<img", "<iframe", "<object", "<embed", "<a ", " src=\"", " href=\"",
                       " src='", " href='", "xlink:href"] {
            #expect(!lower.contains(loader), "the page contains \(loader)", sourceLocation: sourceLocation)
        }
        let style = lower.components(separatedBy: "<style>").dropFirst().first?.components(separatedBy: "</style>").first
        #expect(style != nil, "the page has an inline style sheet", sourceLocation: sourceLocation)
        for loader in ["@import", "url(", "http:", "https:"] {
            #expect(style?.contains(loader) == false, "the style sheet contains \(loader)", sourceLocation: sourceLocation)
        }
    }

    @Test("the shipped ledger's report is one self-contained HTML5 page with one SVG chart")
    func shippedLedger() throws {
        try withTemporaryDirectory { dir in
            let (result, page) = try shippedReport(in: dir)
            #expect(result.stdout.hasPrefix("wrote report to \(dir)/report.html ("), "\(result.stdout)")
            #expect(result.stdout.contains(" commitments, ") && result.stdout.hasSuffix(" events)\n"))
            #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
            #expect(page.contains("<meta charset=\"utf-8\">"))
            #expect(count("<svg", in: page) == 1)
            #expect(count("</svg>", in: page) == 1)
            expectNothingLoads(page)
            // The header: the ledger's name and the head it was computed from.
            let status = try Binary.run(["--ledger", Package.root, "status"])
            let head = try #require(status.head, "\(status)")
            #expect(page.contains("head seq \(head.seq) <span class=\"hash\">\(head.hash)</span>"))
            let log = try LedgerFixture.readBytes(Package.root + "/Events/ledger.jsonl")
            let genesis = try JSONSerialization.jsonObject(with: Data(LedgerFixture.completeLines(log)[0])) as? [String: Any]
            let name = try #require(genesis?["name"] as? String)
            #expect(page.contains("<h1>\(name)</h1>"), "the header names the ledger (names here have nothing to escape)")
            // Paris's networks, the badge, markers and both tables.
            for text in ["C40 Cities Climate Leadership Group", "Covenant of Mayors", "100 Resilient Cities",
                         "Energy Cities", "Mexico City Pact", "fully compliant",
                         "class=\"marker recognition\"", "class=\"marker closure\"", "class=\"marker merger\"",
                         "<table class=\"status\">", "<table class=\"timeline\">", "corrected"] {
                #expect(page.contains(text), "the page lacks \(text)")
            }
        }
    }

    @Test("the same ledger and options give byte-identical pages")
    func deterministic() throws {
        try withTemporaryDirectory { dir in
            let options = ["--as-of", "2020-06-30", "--member", "paris"]
            let (_, first) = try shippedReport(in: dir, options, name: "a.html")
            let (_, second) = try shippedReport(in: dir, options, name: "b.html")
            #expect(first == second)
            #expect(first.contains("as of 30 June 2020"))
            #expect(!first.contains("Buenos Aires"), "--member paris keeps Paris's commitments only")
        }
    }

    @Test("text from the data is escaped everywhere, SVG and attributes included")
    func escaping() throws {
        try withTemporaryDirectory { dir in
            let hostile = #"<script>alert("&'")</script>"#
            let fixture = LedgerFixture(workspace: dir, root: dir + "/ledger")
            #expect(try Binary.run(["init", fixture.root, "--name", "Ledger " + hostile]).succeeded)
            let lines = [
                #"{"type":"network","network":"evil","name":"Net <script>x</script> \"&","kind":"network"}"#,
                #"{"type":"member","member":"town","name":"Town <script>y</script> \"&'","kind":"city"}"#,
                #"{"type":"membership","member":"town","network":"evil","date":"2005?","source":"<a href=\"https://x.example/\">s</a>"}"#,
                #"{"type":"milestone","member":"town","network":"evil","date":"2006-03","milestone":"plan","source":"https://example.org/?a=1&b=2"}"#,
                #"{"type":"withdrawal","member":"town","network":"evil","date":"2010-06-01"}"#,
            ]
            let appended = try fixture.run(["append"], stdin: Array((lines.joined(separator: "\n") + "\n").utf8))
            try #require(appended.succeeded, "\(appended)")
            let path = dir + "/r.html"
            let result = try fixture.run(["report", "--html", path, "--as-of", "2012"])
            try #require(result.succeeded, "\(result)")
            #expect(result.stdout == "wrote report to \(path) (1 commitments, 3 events)\n")
            let page = String(decoding: try LedgerFixture.readBytes(path), as: UTF8.self)
            expectNothingLoads(page)
            #expect(page.contains("<h1>Ledger &lt;script&gt;alert(&quot;&amp;&#39;&quot;)&lt;/script&gt;</h1>"))
            #expect(page.contains("&lt;a href=&quot;https://x.example/&quot;&gt;s&lt;/a&gt;"), "markup in a source is text")
            #expect(page.contains("Town &lt;script&gt;y&lt;/script&gt; &quot;&amp;&#39;"))
            #expect(page.contains("Net &lt;script&gt;x&lt;/script&gt; &quot;&amp;"))
            #expect(page.contains("https://example.org/?a=1&amp;b=2"), "a URL in a source is escaped text")
            let chart = try #require(page.components(separatedBy: "<svg").dropFirst().first?.components(separatedBy: "</svg>").first)
            #expect(chart.contains("<title>Town &lt;script&gt;y&lt;/script&gt; &quot;&amp;&#39;</title>"), "the lane label in the SVG")
            // The ended commitment's lane carries its withdrawal and milestone markers.
            #expect(page.contains("class=\"marker withdrawal\""))
            #expect(page.contains("<title>1 June 2010 — withdraws</title>"), "a marker's tooltip: its date in words, what happened")
            #expect(page.contains("class=\"marker milestone\""))
        }
    }

    @Test("usage and data errors: no --html 64, bad --as-of or --known-at 64, unknown names 65")
    func errors() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let path = dir + "/r.html"
            let missing = try fixture.run(["report"])
            #expect(missing.status == 64)
            #expect(missing.stderr.contains("--html"), "\(missing.stderr)")
            #expect(try fixture.run(["report", "--html", path, "--as-of", "2014-13"]).status == 64)
            #expect(try fixture.run(["report", "--html", path, "--known-at", "yesterday"]).status == 64)
            let member = try fixture.run(["report", "--html", path, "--member", "pariss"])
            #expect(member.status == 65)
            #expect(member.stderr.contains("unknown member 'pariss' (did you mean 'paris'?)"), "\(member.stderr)")
            #expect(try fixture.run(["report", "--html", path, "--network", "c41"]).status == 65)
            #expect(!FileManager.default.fileExists(atPath: path), "nothing is written on an error")
            #expect(try fixture.run(["report", "--html", path]).succeeded)
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("--lang fr writes every heading, label, status word and date in French; data stays as recorded")
    func french() throws {
        try withTemporaryDirectory { dir in
            let (_, page) = try shippedReport(in: dir, ["--lang", "fr", "--as-of", "2020-01-01"])
            #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"fr\">"))
            for text in ["<h2>Chronologie</h2>", "<h2>État de conformité</h2>", "<h2>Événements</h2>",
                         "<th>Membre</th>", "<th>Réseau</th>", "<th>Ce qui s’est passé</th>", "<th>Événement</th>",
                         "au 1er janvier 2020", "tel que connu aujourd’hui",
                         // Dates in words: a day, an interval of days (with French articles), a month.
                         "<span title=\"2016-04-05\">5 avril 2016</span>",
                         "<span title=\"2014-09-23/2016-06-22\">entre le 23 septembre 2014 et le 22 juin 2016</span>",
                         "<span title=\"2007-10\">octobre 2007</span>",
                         // Status words and reasons.
                         ">conforme</span>", ">en retard</span>", ">terminé</span>", ">sans obligation</span>", "réseau fusionné",
                         // What happened, and the legend.
                         "adhésion", "étape «\u{A0}plan\u{A0}» franchie", "échéance tenue", "échéance dépassée",
                         "hachuré\u{A0}: la date couvre une période",
                         // Data as recorded: names, sources, badges, notes.
                         "C40 Cities Climate Leadership Group", "fully compliant", "Note\u{A0}: The seed page"] {
                #expect(page.contains(text), "the French page lacks \(text)")
            }
            for english in ["<h2>Timeline</h2>", "<h2>Events</h2>", "<th>Member</th>", "as of", "1 January 2020",
                            ">compliant</span>", ">overdue</span>", "deadline met", "hatched:", "What happened",
                            " commitments,", "Note: ", " joins", "reaches milestone", "— due ", ": due "] {
                #expect(!page.contains(english), "the French page still says \(english)")
            }
            expectNothingLoads(page)
        }
    }

    @Test("the English page writes dates in words too, each with its date as written in a tooltip")
    func englishDates() throws {
        try withTemporaryDirectory { dir in
            let (_, page) = try shippedReport(in: dir, ["--as-of", "2020-01-01"])
            for text in ["as of 1 January 2020, as known now", "<span title=\"2016-04-05\">5 April 2016</span>",
                         "<span title=\"2014-09-23/2016-06-22\">between 23 September 2014 and 22 June 2016</span>",
                         "<span title=\"2014-09-23/2015-09\">between 23 September 2014 and September 2015</span>",
                         ">compliant</span>", ">overdue</span>", "network merged", "reaches milestone “plan”",
                         "deadline met", "deadline passed, unmet", "31 commitments, 48 events"] {
                #expect(page.contains(text), "the English page lacks \(text)")
            }
        }
    }

    @Test("a bad --lang is a usage error (64) naming en and fr; nothing is written")
    func badLanguage() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let path = dir + "/r.html"
            for bad in ["de", "FR", "", "english"] {
                let result = try fixture.run(["report", "--html", path, "--lang", bad])
                #expect(result.status == 64, "\(result)")
                #expect(result.stderr.contains("--lang takes one of en, fr, not '\(bad)'"), "\(result.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: path))
            #expect(try fixture.run(["report", "--html", path, "--lang", "en"]).succeeded)
        }
    }

    /// A pact with three rules (plan within 12 months, inventory within 24, target by
    /// 2012-09-30) and three cities that signed on 15 March 2010: town met its plan in
    /// November 2010; village was recognised in May 2011 and met nothing; hamlet withdrew on
    /// 1 June 2011.
    private func deadlineLedger(in dir: String) throws -> LedgerFixture {
        let fixture = try LedgerFixture.make(in: dir, standard: false)
        var lines = [
            #"{"type":"network","network":"pact","name":"Pact","kind":"pact"}"#,
            #"{"type":"policy","network":"pact","date":"2010-01-01","title":"Pact rules","rules":[{"milestone":"plan","within":12},{"milestone":"inventory","within":24},{"milestone":"target","by":"2012-09-30"}]}"#,
        ]
        for city in ["town", "village", "hamlet"] {
            lines.append(#"{"type":"member","member":"\#(city)","name":"\#(city.capitalized)","kind":"city"}"#)
            lines.append(#"{"type":"signature","member":"\#(city)","network":"pact","date":"2010-03-15"}"#)
        }
        lines += [
            #"{"type":"milestone","member":"town","network":"pact","date":"2010-11","milestone":"plan"}"#,
            #"{"type":"recognition","member":"village","network":"pact","date":"2011-05","badge":"gold"}"#,
            #"{"type":"withdrawal","member":"hamlet","network":"pact","date":"2011-06-01"}"#,
        ]
        let appended = try fixture.run(["append"], stdin: Array((lines.joined(separator: "\n") + "\n").utf8))
        try #require(appended.succeeded, "\(appended)")
        return fixture
    }

    /// The lanes of a page's chart, in order (each from `<g class="lane">` to the next).
    private func lanes(_ page: String) -> [String] {
        Array(page.components(separatedBy: "<g class=\"lane\">").dropFirst().map { $0.components(separatedBy: "<g class=\"legend\">")[0] })
    }

    @Test("a tick at each rule's deadline on its lane: met muted, overdue in the warning colour, ahead, or decided by a recognition")
    func deadlineTicks() throws {
        try withTemporaryDirectory { dir in
            let fixture = try deadlineLedger(in: dir)
            let path = dir + "/r.html"
            try #require(try fixture.run(["report", "--html", path, "--as-of", "2012-06-30"]).succeeded)
            let page = String(decoding: try LedgerFixture.readBytes(path), as: UTF8.self)
            let drawn = lanes(page)
            try #require(drawn.count == 3, "one lane per commitment: hamlet, town, village")
            // hamlet withdrew on 1 June 2011: judged then, its plan was overdue; later deadlines are not drawn.
            #expect(drawn[0].contains("<title>Hamlet</title>"))
            #expect(drawn[0].contains(#"<g class="tick overdue"><title>plan: due 15 March 2011 — overdue</title>"#), "\(drawn[0])")
            #expect(count("<g class=\"tick", in: drawn[0]) == 1, "nothing after the lane's end")
            // town: plan met early, inventory overdue as of the report's day, target still ahead.
            let met = #"<g class="tick met"><title>plan: due 15 March 2011 — met November 2010</title>"#
            let overdue = #"<g class="tick overdue"><title>inventory: due 15 March 2012 — overdue</title>"#
            let ahead = #"<g class="tick ahead"><title>target: due 30 September 2012</title>"#
            for tick in [met, overdue, ahead] { #expect(drawn[1].contains(tick), "town lacks \(tick)") }
            #expect(count("<g class=\"tick", in: drawn[1]) == 3)
            // Left to right in time.
            let positions = [met, overdue, ahead].compactMap { drawn[1].range(of: $0).map { drawn[1][$0.upperBound...] } }
                .compactMap { $0.components(separatedBy: "x1=\"").dropFirst().first.flatMap { Double($0.prefix { $0 != "\"" }) } }
            #expect(positions.count == 3 && positions == positions.sorted() && Set(positions).count == 3, "\(positions)")
            // village: compliant by its recognition, so an unmet rule is not an alarm.
            #expect(drawn[2].contains(#"<g class="tick unrecorded"><title>plan: due 15 March 2011 — not recorded</title>"#))
            #expect(!drawn[2].contains("tick overdue"))
            // The same judgement in the status table, and the legend names each kind of tick.
            #expect(page.contains(#"<li class="overdue">inventory — due 15 March 2012 — <span class="overdue">overdue</span></li>"#))
            #expect(page.contains(#"<li class="met">plan — due 15 March 2011 — <span class="met">met November 2010</span></li>"#))
            let legend = try #require(page.components(separatedBy: "<g class=\"legend\">").last)
            for word in ["deadline met", "deadline passed, unmet", "deadline ahead", "deadline, no milestone recorded"] {
                #expect(legend.contains(word), "the legend lacks \(word)")
            }
            for state in ["met", "overdue", "ahead", "unrecorded"] {
                #expect(legend.contains("<g class=\"tick \(state)\">"), "the legend shows no \(state) tick")
            }
            // Overdue is the warning colour, met is muted: the style sheet says so.
            #expect(page.contains("svg.chart .tick.overdue line { stroke: #d84315; stroke-width: 3; }"))
            #expect(page.contains("svg.chart .tick.met line { stroke: #90a4ae; }"))
        }
    }

    @Test("the status table says what decided each row, in the page's language: recognition, rules or none")
    func basisColumn() throws {
        try withTemporaryDirectory { dir in
            let fixture = try deadlineLedger(in: dir)
            for (lang, header, words) in [("en", "Decided by", ["none", "none", "recognition"]),
                                          ("fr", "Décidé par", ["rien", "rien", "reconnaissance"])] {
                let path = dir + "/r-\(lang).html"
                try #require(try fixture.run(["report", "--html", path, "--as-of", "2012-06-30", "--lang", lang]).succeeded)
                let page = String(decoding: try LedgerFixture.readBytes(path), as: UTF8.self)
                #expect(page.contains("<th>\(header)</th>"), "\(lang)")
                // hamlet (ended), town (overdue), village (compliant by its recognition), in row order.
                let cells = page.components(separatedBy: "<td class=\"basis\">").dropFirst().map { $0.prefix { $0 != "<" } }
                #expect(cells.map(String.init) == words, "\(lang)")
            }
        }
    }

    @Test("a deadline is overdue only once the report's day is past it; before, it is ahead")
    func deadlineAsOf() throws {
        try withTemporaryDirectory { dir in
            let fixture = try deadlineLedger(in: dir)
            let path = dir + "/r.html"
            try #require(try fixture.run(["report", "--html", path, "--as-of", "2011-03-15", "--lang", "fr"]).succeeded)
            let page = String(decoding: try LedgerFixture.readBytes(path), as: UTF8.self)
            let drawn = lanes(page)
            try #require(drawn.count == 3)
            // On its due day a deadline is not yet passed.
            #expect(drawn[0].contains("<g class=\"tick ahead\"><title>plan\u{A0}: échéance 15 mars 2011</title>"), "\(drawn[0])")
            #expect(drawn[1].contains("<g class=\"tick met\"><title>plan\u{A0}: échéance 15 mars 2011 — tenue\u{A0}: novembre 2010</title>"))
            #expect(!page.contains("tick overdue\"><title>"), "nothing overdue yet")
            #expect(page.contains("échéance à venir") && page.contains("échéance dépassée"), "the legend, in French")
            try #require(try fixture.run(["report", "--html", path, "--as-of", "2011-03-16", "--lang", "fr"]).succeeded)
            let later = String(decoding: try LedgerFixture.readBytes(path), as: UTF8.self)
            #expect(lanes(later)[0].contains("<g class=\"tick overdue\"><title>plan\u{A0}: échéance 15 mars 2011 — en retard</title>"))
        }
    }

    @Test("uncertain spans are hatched (a pattern, not a hue) and uncertain statuses outlined")
    func hatching() throws {
        try withTemporaryDirectory { dir in
            let (_, page) = try shippedReport(in: dir, ["--as-of", "2020-01-01"])
            #expect(page.contains("<pattern id=\"hatch\""))
            // Paris's C40 membership is dated 2007: its first year is a hatched band.
            let paris = try #require(lanes(page).first { $0.contains("Paris — C40 Cities Climate Leadership Group: membership since 2007") })
            #expect(paris.contains("<rect class=\"band\""))
            #expect(paris.contains("<rect class=\"hatch\"") && paris.contains("fill=\"url(#hatch)\""))
            #expect(page.contains("hatched: the date is a span") && page.contains("dashed outline: not certain"))
            #expect(page.contains("svg.chart .bar.uncertain, svg.chart .band.uncertain { stroke: #212121; stroke-dasharray: 3 2; }"))
        }
    }

    @Test("the events table shows each event's id (full in its tooltip and its text, cut by the style) and its note, as amended")
    func idsAndNotes() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let id = "9f1c2d3e-aaaa-4bbb-8ccc-1234567890ab"
            let lines = [
                #"{"id":"\#(id)","type":"milestone","member":"paris","network":"c40","date":"2010-02","milestone":"plan","note":"Seen in the <minutes> & agenda"}"#,
                #"{"id":"act-1","type":"activity","member":"paris","date":"2011","title":"Summit"}"#,
            ]
            let appended = try fixture.run(["append"], stdin: Array((lines.joined(separator: "\n") + "\n").utf8))
            try #require(appended.succeeded, "\(appended)")
            let beforeCorrection = try #require(appended.head?.seq)
            let correction = #"{"type":"correction","target":"\#(id)","set":{"note":"Minutes of 3 February"},"reason":"which minutes"}"#
            try #require(try fixture.run(["append"], stdin: Array((correction + "\n").utf8)).succeeded)
            let path = dir + "/r.html"
            for (language, label) in [("en", "Note: "), ("fr", "Note\u{A0}: ")] {
                try #require(try fixture.run(["report", "--html", path, "--lang", language]).succeeded)
                let page = String(decoding: try LedgerFixture.readBytes(path), as: UTF8.self)
                #expect(page.contains("<td><code class=\"id\" title=\"\(id)\">\(id)</code></td>"), "the id, in full")
                #expect(page.contains("<code class=\"id\" title=\"act-1\">act-1</code>"))
                #expect(page.contains("<div class=\"note\">\(label)Minutes of 3 February</div>"), "the note as corrected")
                #expect(!page.contains("Seen in the"))
                #expect(count("<div class=\"note\">", in: page) == 1, "no note where none is recorded")
                #expect(page.contains("<code>memberships audit --event ID</code>"))
            }
            #expect(HTMLStyle.css.contains("code.id { display: inline-block; max-width: 14ch; overflow: hidden; text-overflow: ellipsis;"),
                    "a long id is shown cut, whole in the page for copying")
            // As known before the correction: the note as first recorded, escaped.
            try #require(try fixture.run(["report", "--html", path, "--known-at", "seq:\(beforeCorrection)"]).succeeded)
            let before = String(decoding: try LedgerFixture.readBytes(path), as: UTF8.self)
            #expect(before.contains("<div class=\"note\">Note: Seen in the &lt;minutes&gt; &amp; agenda</div>"))
            #expect(!before.contains("Minutes of 3 February"))
        }
    }
}

/// The report's words and dates, tested on their own.
@Suite("report words and dates")
struct ReportWordsTests {
    @Test("every word is given in every language, with the same placeholders", arguments: ReportLanguage.allCases)
    func complete(_ language: ReportLanguage) {
        let words = language.words
        #expect(words.count == ReportWord.allCases.count, "no extra keys")
        for key in ReportWord.allCases {
            let word = words[key]
            #expect(word?.isEmpty == false, "\(language.rawValue) has no word for \(key)")
            let english = ReportText.placeholders(ReportLanguage.en.words[key] ?? "")
            #expect(ReportText.placeholders(word ?? "") == english, "\(language.rawValue) \(key): placeholders differ from English")
        }
    }

    @Test("the two languages differ where words do (headings, statuses, months, qualifiers)")
    func translated() {
        for key: ReportWord in [.headingTimeline, .headingStatus, .statusCompliant, .statusOverdue, .january, .august,
                                .approximate, .uncertain, .between, .legendDeadlineMet, .note] {
            #expect(ReportLanguage.en.words[key] != ReportLanguage.fr.words[key], "\(key) is not translated")
        }
    }

    @Test("EDTF dates in words", arguments: [
        ("2016-04-05", "5 April 2016", "5 avril 2016"),
        ("2016-04-01", "1 April 2016", "1er avril 2016"),
        ("2014-09", "September 2014", "septembre 2014"),
        ("2014", "2014", "2014"),
        ("2014~", "about 2014", "vers 2014"),
        ("2014?", "possibly 2014", "peut-être 2014"),
        ("2014-06%", "possibly about June 2014", "peut-être vers juin 2014"),
        ("2016-04-05~", "about 5 April 2016", "vers le 5 avril 2016"),
        ("2014-09/2015-09", "between September 2014 and September 2015", "entre septembre 2014 et septembre 2015"),
        ("2014-09-23/2016-06-22", "between 23 September 2014 and 22 June 2016", "entre le 23 septembre 2014 et le 22 juin 2016"),
        ("2014~/2016", "between about 2014 and 2016", "entre environ 2014 et 2016"),
        ("2014-09-23/2015-09?", "between 23 September 2014 and possibly September 2015",
         "entre le 23 septembre 2014 et peut-être septembre 2015"),
    ])
    func dates(_ written: String, _ english: String, _ french: String) {
        #expect(ReportText(.en).date(written) == english)
        #expect(ReportText(.fr).date(written) == french)
    }

    @Test("text that is not a date is shown as written, escaped")
    func notADate() {
        #expect(ReportText(.fr).date("<b>") == "&lt;b&gt;")
        #expect(ReportText(.en).date("2014-13") == "2014-13")
        #expect(ReportText(.en).date("2014-02-30") == "2014-02-30")
    }

    @Test("placeholders are filled once, data inserted as given, the template escaped")
    func filling() {
        #expect(ReportText.fill("a {1} & {2}", ["{2}", "<i>x</i>"]) == "a {2} &amp; <i>x</i>")
        #expect(ReportText.fill("{3} {x}", ["a"]) == "{3} {x}")
        #expect(ReportText(.en).count(1, one: .eventOne, other: .eventOther) == "1 event")
        #expect(ReportText(.en).count(0, one: .eventOne, other: .eventOther) == "0 events")
        #expect(ReportText(.fr).count(0, one: .eventOne, other: .eventOther) == "0 événement")
        #expect(ReportText(.fr).count(2, one: .eventOne, other: .eventOther) == "2 événements")
    }
}
