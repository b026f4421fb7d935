import Foundation
import Testing

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
            #expect(first.contains("as of 2020-06-30"))
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
            #expect(page.contains("<title>2010-06-01 — "))
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
}
