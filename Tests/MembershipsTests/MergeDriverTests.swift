import Foundation
import Testing
@testable import Ledger

/// SPEC §10 "Sharing over git": `merge-driver BASE OURS THEIRS` and `git-setup`.
@Suite("Merge driver")
struct MergeDriverTests {
    static let london = #"{"id":"mem-london","type":"member","member":"london","name":"London","kind":"city","country":"GB"}"#
    static let berlin = #"{"id":"mem-berlin","type":"member","member":"berlin","name":"Berlin","kind":"city","country":"DE"}"#
    static let berlinC40 = #"{"id":"berlin-c40","type":"membership","member":"berlin","network":"c40","date":"2010","by":"Berlin office"}"#

    /// A copy of `fixture`'s ledger in `workspace/name` (its log only: a fresh writer).
    static func copy(_ fixture: LedgerFixture, to name: String) throws -> LedgerFixture {
        let copy = LedgerFixture(workspace: fixture.workspace, root: fixture.workspace + "/" + name)
        try FileManager.default.createDirectory(atPath: copy.eventsPath, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: copy.root + "/Snapshots", withIntermediateDirectories: true)
        try Data(try fixture.logBytes()).write(to: URL(fileURLWithPath: copy.logPath))
        return copy
    }

    /// BASE (the standard ledger), OURS and THEIRS (copies of it, each given `ours` / `theirs`
    /// with `append`), as ledgers; BASE's log is also at `workspace/base.jsonl`.
    static func sides(_ dir: String, ours: [String], theirs: [String],
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> (base: LedgerFixture, ours: LedgerFixture, theirs: LedgerFixture) {
        let base = try LedgerFixture.make(in: dir)
        let o = try copy(base, to: "ours"), t = try copy(base, to: "theirs")
        for (side, lines) in [(o, ours), (t, theirs)] where !lines.isEmpty {
            let appended = try side.run(["append"], stdin: Array(lines.map { $0 + "\n" }.joined().utf8))
            try #require(appended.succeeded, "\(appended)", sourceLocation: sourceLocation)
        }
        try base.writeInput("base.jsonl", try base.logBytes())
        return (base, o, t)
    }

    static func mergeDriver(_ base: LedgerFixture, _ ours: LedgerFixture, _ theirs: LedgerFixture) throws -> RunResult {
        try Binary.run(["merge-driver", base.workspace + "/base.jsonl", ours.logPath, theirs.logPath])
    }

    /// A line's content: everything but `seq`, `recorded` and `prev`.
    static func content(_ line: [UInt8]) throws -> NSDictionary {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        for key in ["seq", "recorded", "prev"] { object[key] = nil }
        return object as NSDictionary
    }

    static func recorded(_ line: [UInt8]) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        return try #require(object["recorded"] as? String)
    }

    @Test("THEIRS added nothing: OURS stands, byte for byte")
    func theirsAddedNothing() throws {
        try withTemporaryDirectory { dir in
            let (base, ours, theirs) = try Self.sides(dir, ours: [Self.london], theirs: [])
            let before = try ours.logBytes()
            let run = try Self.mergeDriver(base, ours, theirs)
            #expect(run.succeeded, "\(run)")
            #expect(try ours.logBytes() == before)
            try ours.expectReceipt(run)
        }
    }

    @Test("OURS added nothing: the result is THEIRS byte for byte")
    func oursAddedNothing() throws {
        try withTemporaryDirectory { dir in
            let (base, ours, theirs) = try Self.sides(dir, ours: [], theirs: [Self.berlin, Self.berlinC40])
            let run = try Self.mergeDriver(base, ours, theirs)
            #expect(run.succeeded, "\(run)")
            #expect(try ours.logBytes() == theirs.logBytes())
            try ours.expectReceipt(run)
        }
    }

    @Test("both added: THEIRS's new events follow OURS's as append writes them, content unchanged; the result verifies")
    func bothAdded() throws {
        try withTemporaryDirectory { dir in
            let (base, ours, theirs) = try Self.sides(dir, ours: [Self.london], theirs: [Self.berlin, Self.berlinC40])
            let oursBefore = try ours.logBytes()
            let run = try Self.mergeDriver(base, ours, theirs)
            #expect(run.succeeded, "\(run)")
            let merged = try ours.logBytes()
            #expect(samePrefix(merged, oursBefore, count: oursBefore.count))
            let lines = try ours.lines(), theirLines = try theirs.lines()
            #expect(lines.count == 4 + 1 + 2)
            #expect(try Self.content(lines[5]) == Self.content(theirLines[4]))
            #expect(try Self.content(lines[6]) == Self.content(theirLines[5]))
            try ours.expectReceipt(run)
            // `recorded` never decreases, and is not before THEIRS's own.
            let stamps = try lines.map(Self.recorded)
            #expect(stamps == stamps.sorted())
            #expect(try Self.recorded(lines[6]) >= Self.recorded(theirLines[5]))
            let verify = try ours.run(["verify"])
            #expect(verify.succeeded, "\(verify)")
            let status = try ours.run(["member", "berlin", "--format", "json"])
            #expect(status.succeeded && status.stdout.contains("\"c40\""), "\(status)")
        }
    }

    @Test("an id OURS already holds with the same content is skipped (`by` included)")
    func sameIdSameContentSkipped() throws {
        try withTemporaryDirectory { dir in
            let (base, ours, theirs) = try Self.sides(dir, ours: [Self.berlin, Self.london], theirs: [Self.berlin, Self.berlinC40])
            let run = try Self.mergeDriver(base, ours, theirs)
            #expect(run.succeeded, "\(run)")
            let lines = try ours.lines()
            #expect(lines.count == 4 + 2 + 1)
            #expect(try Self.content(lines[6]) == Self.content(try theirs.lines()[5]))
            #expect(try ours.run(["verify"]).succeeded)
        }
    }

    /// Runs the driver expecting a conflict: exit 1, OURS unchanged byte for byte, `named` in stderr.
    static func expectConflict(_ base: LedgerFixture, _ ours: LedgerFixture, _ theirs: LedgerFixture, naming named: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try ours.logBytes()
        let run = try mergeDriver(base, ours, theirs)
        #expect(run.status == 1 && !run.signaled, "\(run)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(named), "stderr does not name \(named): \(run)", sourceLocation: sourceLocation)
        #expect(try ours.logBytes() == before, "OURS changed on a conflict", sourceLocation: sourceLocation)
        #expect(try FileManager.default.contentsOfDirectory(atPath: ours.eventsPath) == ["ledger.jsonl"],
                sourceLocation: sourceLocation)
    }

    @Test("an id OURS holds with other content is a conflict naming THEIRS's line (`by` differs)")
    func sameIdOtherContent() throws {
        try withTemporaryDirectory { dir in
            let otherBy = Self.berlin.replacingOccurrences(of: "}", with: #","by":"someone else"}"#)
            let (base, ours, theirs) = try Self.sides(dir, ours: [Self.berlin], theirs: [Self.london, otherBy])
            try Self.expectConflict(base, ours, theirs, naming: "THEIRS:6:")
        }
    }

    @Test("a rewritten line on either side is a conflict naming the first line that differs")
    func rewrite() throws {
        try withTemporaryDirectory { dir in
            let (base, ours, theirs) = try Self.sides(dir, ours: [Self.london], theirs: [Self.berlin])
            let theirBytes = try theirs.logBytes()
            try Data(try LedgerFixture.rechained(theirBytes, noting: "edited", at: 2)).write(to: URL(fileURLWithPath: theirs.logPath))
            try Self.expectConflict(base, ours, theirs, naming: "THEIRS:2:")
            try Data(theirBytes).write(to: URL(fileURLWithPath: theirs.logPath))
            try Data(try LedgerFixture.rechained(try ours.logBytes(), noting: "edited", at: 3)).write(to: URL(fileURLWithPath: ours.logPath))
            try Self.expectConflict(base, ours, theirs, naming: "OURS:3:")
        }
    }

    @Test("two offices that each withdrew the same commitment on different days conflict")
    func twoWithdrawals() throws {
        try withTemporaryDirectory { dir in
            let ours = #"{"id":"w-ours","type":"withdrawal","member":"paris","network":"c40","date":"2020-03-01"}"#
            let theirs = #"{"id":"w-theirs","type":"withdrawal","member":"paris","network":"c40","date":"2021-06-01"}"#
            let sides = try Self.sides(dir, ours: [ours], theirs: [Self.london, theirs])
            try Self.expectConflict(sides.base, sides.ours, sides.theirs, naming: "THEIRS:6:")
        }
    }

    @Test("deterministic: the same three inputs give the same bytes")
    func deterministic() throws {
        try withTemporaryDirectory { dir in
            let (base, ours, theirs) = try Self.sides(dir, ours: [Self.london], theirs: [Self.berlin, Self.berlinC40])
            let oursBytes = try ours.logBytes()
            var results: [[UInt8]] = []
            for _ in 0..<2 {
                try Data(oursBytes).write(to: URL(fileURLWithPath: ours.logPath))
                let run = try Self.mergeDriver(base, ours, theirs)
                #expect(run.succeeded, "\(run)")
                results.append(try ours.logBytes())
                sleep(1)
            }
            #expect(results[0] == results[1])
        }
    }

    @Test("merge-driver needs three files")
    func usage() throws {
        let run = try Binary.run(["merge-driver", "a"])
        #expect(run.status == 64, "\(run)")
        #expect(try Binary.run(["help", "merge-driver"]).stdout.contains("Exit 0 merged; 1 conflict"))
    }
}

/// `git` for the tests: found on PATH, run with a hermetic configuration.
enum Git {
    static let path: String? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = String(directory) + "/git"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()
    static var ci: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    static let missing = "git is not installed: these tests need it (apt-get install git)"

    /// Runs git in `directory`, with no global or system configuration.
    @discardableResult
    static func run(_ arguments: [String], in directory: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let git = try #require(path, Comment(rawValue: missing), sourceLocation: sourceLocation)
        let running = try Running(executable: git, arguments: arguments, stdin: nil,
                                  environment: ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
                                                "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"],
                                  directory: directory)
        let result = try running.wait()
        try #require(result.succeeded, "git \(arguments.joined(separator: " ")) failed: \(result)", sourceLocation: sourceLocation)
        return result
    }

    /// A clone of `origin` at `directory`, with a local identity and `git-setup` run in it.
    static func clone(_ origin: String, to directory: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try run(["clone", "-q", origin, directory], in: (directory as NSString).deletingLastPathComponent, sourceLocation: sourceLocation)
        try run(["config", "user.name", name], in: directory, sourceLocation: sourceLocation)
        try run(["config", "user.email", name.lowercased() + "@example.org"], in: directory, sourceLocation: sourceLocation)
        try FileManager.default.createDirectory(atPath: directory + "/Snapshots", withIntermediateDirectories: true)
        let setup = try Binary.run(["git-setup"], directory: directory)
        try #require(setup.succeeded, "\(setup)", sourceLocation: sourceLocation)
    }
}

@Suite("Sharing over git (real git)")
struct GitSharingTests {
    @Test("git-setup writes .gitattributes once and the driver config", .enabled(if: Git.path != nil || Git.ci, Comment(rawValue: Git.missing)))
    func gitSetup() throws {
        try #require(Git.path != nil, Comment(rawValue: Git.missing))
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            try Git.run(["-c", "init.defaultBranch=main", "init", "-q"], in: fixture.root)
            for _ in 0..<2 {
                let run = try fixture.run(["git-setup"])
                #expect(run.succeeded, "\(run)")
            }
            let attributes = try String(contentsOfFile: fixture.root + "/.gitattributes", encoding: .utf8)
            #expect(attributes == "Events/ledger.jsonl merge=memberships\n")
            let driver = try Git.run(["config", "merge.memberships.driver"], in: fixture.root).stdout
            #expect(driver.hasSuffix(" merge-driver %O %A %B\n"), "\(driver)")
            #expect(driver.hasPrefix(try Binary.path()), "the driver names the running executable: \(driver)")
            let check = try Git.run(["check-attr", "merge", "Events/ledger.jsonl"], in: fixture.root).stdout
            #expect(check.contains("merge: memberships"), "\(check)")
            // Outside a git work tree: a usage error.
            #expect(try Binary.run(["init", dir + "/plain", "--name", "Plain"]).succeeded)
            let outside = try Binary.run(["--ledger", dir + "/plain", "git-setup"], environment: ["GIT_CEILING_DIRECTORIES": dir])
            #expect(outside.status == 64, "\(outside)")
        }
    }

    @Test("git-setup without git on PATH: 69, saying what to install; --on-path names plain memberships")
    func gitMissingAndOnPath() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir, standard: false)
            try FileManager.default.createDirectory(atPath: dir + "/empty-bin", withIntermediateDirectories: true)
            let missing = try fixture.run(["git-setup"], environment: ["PATH": dir + "/empty-bin"])
            #expect(missing.status == 69, "\(missing)")
            #expect(missing.stderr.contains("apt-get install git"), "\(missing)")
            #expect(!FileManager.default.fileExists(atPath: fixture.root + "/.gitattributes"))
            guard Git.path != nil else { return }
            try Git.run(["-c", "init.defaultBranch=main", "init", "-q"], in: fixture.root)
            #expect(try fixture.run(["git-setup", "--on-path"]).succeeded)
            let driver = try Git.run(["config", "merge.memberships.driver"], in: fixture.root).stdout
            #expect(driver == "memberships merge-driver %O %A %B\n", "\(driver)")
        }
    }

    @Test("two clones append different events; git pull merges them with the driver; both go on",
          .enabled(if: Git.path != nil || Git.ci, Comment(rawValue: Git.missing)))
    func twoClones() throws {
        try #require(Git.path != nil, Comment(rawValue: Git.missing))
        try withTemporaryDirectory { dir in
            // The shared repository: a ledger committed without its caches, served bare.
            let seed = try LedgerFixture.make(in: dir)
            try Git.run(["-c", "init.defaultBranch=main", "init", "-q"], in: seed.root)
            try Data("Snapshots/\n".utf8).write(to: URL(fileURLWithPath: seed.root + "/.gitignore"))
            try Git.run(["config", "user.name", "Seed"], in: seed.root)
            try Git.run(["config", "user.email", "seed@example.org"], in: seed.root)
            #expect(try seed.run(["git-setup"]).succeeded)
            try Git.run(["add", "-A"], in: seed.root)
            try Git.run(["commit", "-q", "-m", "ledger"], in: seed.root)
            try Git.run(["clone", "-q", "--bare", seed.root, dir + "/origin.git"], in: dir)

            let paris = LedgerFixture(workspace: dir, root: dir + "/paris")
            let berlin = LedgerFixture(workspace: dir, root: dir + "/berlin")
            try Git.clone(dir + "/origin.git", to: paris.root, name: "Paris")
            try Git.clone(dir + "/origin.git", to: berlin.root, name: "Berlin")

            // Berlin appends and pushes first.
            #expect(try berlin.run(["append"], stdin: Array((MergeDriverTests.berlin + "\n" + MergeDriverTests.berlinC40 + "\n").utf8)).succeeded)
            try Git.run(["commit", "-q", "-am", "Berlin"], in: berlin.root)
            try Git.run(["push", "-q", "origin", "HEAD"], in: berlin.root)

            // Paris appends, then pulls: git runs the driver on Events/ledger.jsonl.
            #expect(try paris.run(["append"], stdin: Array((MergeDriverTests.london + "\n").utf8)).succeeded)
            try Git.run(["commit", "-q", "-am", "Paris"], in: paris.root)
            try Git.run(["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"], in: paris.root)
            let lines = try paris.lines()
            #expect(lines.count == 4 + 1 + 2)
            let verify = try paris.run(["verify"])
            #expect(verify.succeeded, "\(verify)")
            #expect(try Git.run(["status", "--porcelain"], in: paris.root).stdout.isEmpty)
            try Git.run(["push", "-q", "origin", "HEAD"], in: paris.root)

            // Berlin pulls the merge (a fast-forward) and appends again.
            try Git.run(["pull", "-q", "--no-rebase", "origin", "main"], in: berlin.root)
            #expect(try berlin.logBytes() == paris.logBytes())
            let next = #"{"id":"berlin-plan","type":"milestone","member":"berlin","network":"c40","date":"2012","milestone":"plan"}"#
            let append = try berlin.run(["append"], stdin: Array((next + "\n").utf8))
            #expect(append.succeeded, "\(append)")
            #expect(try berlin.run(["verify"]).succeeded)
        }
    }
}
