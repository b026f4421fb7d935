import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium for the browser test: found on PATH (`chromium-headless-shell`, which
/// Debian's package of that name installs, or `chromium`), run without a sandbox or GPU (as
/// in a container), with a profile of its own and a time limit.
enum Chromium {
    static let path: String? = {
        let search = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium-headless-shell", "chromium"] {
            for directory in search.split(separator: ":") {
                let candidate = directory + "/" + name
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    /// In CI (`CI=true`) a missing Chromium fails the test instead of skipping it.
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"
    static var runnable: Bool { path != nil || inCI }
    static let skipped: Comment = "headless Chromium is not on PATH: install it ('apt-get install chromium-headless-shell') to render the report in a real browser"

    /// Runs Chromium on `url` with `arguments` (after the headless ones), profile in
    /// `profile`, every host name unresolvable (nothing can be fetched from the network), and
    /// a net log written to `netLog`. Fails unless it exits 0 within two minutes.
    static func run(_ arguments: [String], url: String, profile: String, netLog: String,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let chromium = try #require(path, "CI=true and headless Chromium is not on PATH: apt-get install chromium-headless-shell",
                                    sourceLocation: sourceLocation)
        try FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true)
        let running = try Running(executable: chromium,
                                  arguments: ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                              "--user-data-dir=" + profile, "--log-net-log=" + netLog,
                                              "--net-log-capture-mode=Everything",
                                              "--host-resolver-rules=MAP * ~NOTFOUND"] + arguments + [url],
                                  stdin: nil, environment: ["HOME": profile], directory: profile)
        let deadline = Date().addingTimeInterval(120)
        while running.process.isRunning && Date() < deadline { usleep(50_000) }
        if running.process.isRunning { running.send(SIGKILL) }
        let result = try running.wait()
        try #require(result.succeeded, "chromium \(arguments) \(url): \(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Every URL the net log saw requested (its events' `params.url`).
    static func requestedURLs(netLog: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: netLog))
        let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "the net log is not a JSON object")
        let events = try #require(log["events"] as? [[String: Any]], "the net log has no events")
        return events.compactMap { ($0["params"] as? [String: Any])?["url"] as? String }
    }
}

/// The report in a real browser: headless Chromium draws the shipped ledger's page, and
/// what it drew is checked — pixels, DOM, and the network it did not use.
@Suite("report in a real browser")
struct BrowserTests {
    static let width = 1200, height = 1600

    @Test("Chromium renders the shipped ledger's report: a picture that is not blank, a lane per commitment and the legend, no request made",
          .enabled(if: Chromium.runnable, Chromium.skipped))
    func shippedReport() throws {
        try withTemporaryDirectory { dir in
            let page = dir + "/paris.html"
            let report = try Binary.run(["--ledger", Package.root, "report", "--html", page, "--lang", "fr", "--as-of", "2020-01-01"])
            try #require(report.succeeded, "\(report)")
            let status = try Binary.run(["--ledger", Package.root, "status", "--as-of", "2020-01-01", "--format", "json"])
            let rows = try #require((try JSONSerialization.jsonObject(with: Data(status.stdoutBytes)) as? [String: Any])?["rows"] as? [Any])
            try #require(rows.count > 10, "the shipped ledger has its commitments")
            let url = URL(fileURLWithPath: page).absoluteString

            // The DOM as Chromium built it: one lane per commitment, the legend, the French words.
            let dom = try Chromium.run(["--dump-dom"], url: url, profile: dir + "/dom", netLog: dir + "/dom.json").stdout
            #expect(dom.hasPrefix("<!DOCTYPE html>") || dom.hasPrefix("<html"), "\(dom.prefix(200))")
            #expect(dom.components(separatedBy: "<g class=\"lane\">").count - 1 == rows.count, "one lane per status row")
            #expect(dom.components(separatedBy: "<g class=\"legend\">").count - 1 == 1, "the legend")
            #expect(dom.contains("échéance dépassée") && dom.contains("<h2>Chronologie</h2>"))

            // The picture: the window's size, mostly white but with the chart's colours in it.
            let shot = dir + "/paris.png"
            _ = try Chromium.run(["--screenshot=" + shot, "--window-size=\(Self.width),\(Self.height)"], url: url,
                             profile: dir + "/shot", netLog: dir + "/shot.json")
            let image = try PNGImage(Array(try Data(contentsOf: URL(fileURLWithPath: shot))))
            #expect(image.width == Self.width && image.height == Self.height)
            let census = Census(image)
            #expect(census.inked > image.width * image.height / 20, "at least 5 % of the pixels are not white: \(census.inked)")
            for (name, colour) in [("compliant", (0x2E, 0x7D, 0x32)), ("overdue", (0xE6, 0x51, 0x00)), ("no obligations", (0x78, 0x90, 0x9C))] {
                #expect(census.count(of: colour) > 500, "the \(name) bars' colour is drawn (\(census.count(of: colour)) pixels)")
            }

            // The same decoding finds a blank page blank: the checks above can fail.
            let blank = dir + "/blank.html"
            try Data("<!DOCTYPE html><html><body></body></html>".utf8).write(to: URL(fileURLWithPath: blank))
            let blankShot = dir + "/blank.png"
            _ = try Chromium.run(["--screenshot=" + blankShot, "--window-size=\(Self.width),\(Self.height)"],
                             url: URL(fileURLWithPath: blank).absoluteString, profile: dir + "/blank", netLog: dir + "/blank.json")
            let empty = Census(try PNGImage(Array(try Data(contentsOf: URL(fileURLWithPath: blankShot)))))
            #expect(empty.inked == 0, "a blank page has no ink")

            // No request: the net logs of both renders of the report saw no URL but the file's.
            for log in ["dom.json", "shot.json"] {
                let requested = try Chromium.requestedURLs(netLog: dir + "/" + log)
                #expect(requested.allSatisfy { $0.hasPrefix("file:") }, "\(log): \(requested)")
            }
            // A page that does load something shows in the net log: that check can fail too.
            let loading = dir + "/loading.html"
            try Data(#"<!DOCTYPE html><html><body><img src="http://example.invalid/x.png"></body></html>"#.utf8)
                .write(to: URL(fileURLWithPath: loading))
            _ = try Chromium.run(["--dump-dom"], url: URL(fileURLWithPath: loading).absoluteString, profile: dir + "/loading",
                             netLog: dir + "/loading.json")
            #expect(try Chromium.requestedURLs(netLog: dir + "/loading.json").contains("http://example.invalid/x.png"))
        }
    }
}

/// How many pixels of an image are not white, and of each exact colour.
struct Census {
    let inked: Int
    private let colours: [Int: Int]

    init(_ image: PNGImage) {
        var inked = 0
        var colours: [Int: Int] = [:]
        for y in 0..<image.height {
            for x in 0..<image.width {
                let (r, g, b) = image.rgb(x, y)
                if r == 255 && g == 255 && b == 255 { continue }
                inked += 1
                colours[Int(r) << 16 | Int(g) << 8 | Int(b), default: 0] += 1
            }
        }
        self.inked = inked
        self.colours = colours
    }

    func count(of colour: (Int, Int, Int)) -> Int {
        colours[colour.0 << 16 | colour.1 << 8 | colour.2] ?? 0
    }
}
