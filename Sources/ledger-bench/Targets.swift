import Foundation

/// The targets of issue 7 (and issue 9's for proofs), each with the measured value and MET /
/// NOT MET. A target that cannot be judged (a peer missing, a command not run) says so.
/// Missing a target never fails the run: this reports.
enum Targets {
    /// How big the ledgers measured are.
    struct Sizes {
        var events: Int
        var members: Int
        var largeEvents = 0
        var largeMembers = 0
        var heavyEvents = 0
        var heavyMembers = 0
    }

    static func report(_ rows: [String: CompareCommand.Measurement], sizes: Sizes, timeout: Double) -> String {
        var table = TextTable(["target", "measured", "verdict"])
        func time(_ key: String) -> Double? { rows[key]?.time }
        func shown(_ key: String) -> String {
            guard let m = rows[key] else { return "—" }
            if case .timedOut = m.outcome { return "> \(Int(timeout)) s (timed out)" }
            return m.median.map(Format.seconds) ?? "not measured"
        }
        func verdict(_ ok: Bool?) -> String { ok.map { $0 ? "MET" : "NOT MET" } ?? "cannot judge" }
        func add(_ target: String, _ measured: String, _ ok: Bool?) { table.add([target, measured, verdict(ok)]) }

        let replay = time("replay"), python = time("python"), wc = time("wc")
        // The peer against the replay timed in turn with it, when there is one.
        let besidePeer = rows["replayBesidePeer"] != nil ? "replayBesidePeer" : "replay"
        if let replay = time(besidePeer), let python {
            add("full replay ≥ 30× faster than the Python peer",
                "\(Format.ratio(python / replay)) (peer \(shown("python")), memberships \(shown(besidePeer)))",
                python / replay >= 30)
        } else {
            add("full replay ≥ 30× faster than the Python peer", "\(shown(besidePeer)) vs peer \(shown("python"))", nil)
        }
        if let replay, let wc {
            add("full replay ≤ 10× wc -l", "\(Format.ratio(replay / wc)) (\(shown("replay")) vs \(shown("wc")))",
                replay / wc <= 10)
        } else {
            add("full replay ≤ 10× wc -l", "\(shown("replay")) vs \(shown("wc"))", nil)
        }
        if let a = rows["replay"]?.medianRSS, let b = rows["python"]?.medianRSS {
            add("full replay peak RSS ≤ 1/4 of the Python peer's",
                "\(Format.megabytes(a)) vs \(Format.megabytes(b)) (\(String(format: "%.2f", Double(a) / Double(b))))",
                Double(a) <= Double(b) / 4)
        } else {
            add("full replay peak RSS ≤ 1/4 of the Python peer's", "not measured", nil)
        }
        compare("verify ≤ sha256sum", "verify", "sha256sum", factor: 1)
        compare("status from snapshot ≤ 1/10 of full replay", "fromSnapshot", "replay", factor: 0.1)
        if let t = time("append1") {
            add("one append ≤ 50 ms", shown("append1"), t <= 0.050)
        } else {
            add("one append ≤ 50 ms", shown("append1"), nil)
        }
        compare("one append: this ledger within 2× of a 1,000-event one", "append1", "append1k", factor: 2)
        // Against the full replays timed in turn with it, when they were.
        compare("first append with no cache ≤ one full replay", "appendCold",
                rows["replayBesideCold"] != nil ? "replayBesideCold" : "replay", factor: 1)
        if rows["verifyNoAmendments"] != nil {
            compare("verify with 0.5 % amendments ≤ 1.2× verify without", "verify", "verifyNoAmendments", factor: 1.2)
        } else {
            add("verify with 0.5 % amendments ≤ 1.2× verify without", "not measured (--without-amendments DIR2)", nil)
        }
        let largeTarget = "large ledger: time per event within 1.3× of this one's"
        let small = rows["replayBesideLarge"] != nil ? "replayBesideLarge" : "replay"
        if let big = time("replayLarge"), let replay = time(small), sizes.largeEvents > 0, sizes.events > 0 {
            let perEvent = (big / Double(sizes.largeEvents)) / (replay / Double(sizes.events))
            add(largeTarget, "\(Format.ratio(perEvent)) (\(shown("replayLarge")) for \(Format.count(sizes.largeEvents)), "
                + "\(shown(small)) for \(Format.count(sizes.events)))", perEvent <= 1.3)
        } else {
            add(largeTarget, "not measured (--large DIR3)", nil)
        }
        // Memory against members: on the heavy ledger when given (members grow less than
        // events there), else on the large one.
        let memoryTarget = "memory grows with members, not events"
        let (key, events, members) = rows["replayHeavy"] != nil
            ? ("replayHeavy", sizes.heavyEvents, sizes.heavyMembers) : ("replayLarge", sizes.largeEvents, sizes.largeMembers)
        if let a = rows[key]?.medianRSS, let b = rows["replay"]?.medianRSS, sizes.members > 0, members > 0, sizes.events > 0 {
            let memory = Double(a) / Double(b)
            let memberRatio = Double(members) / Double(sizes.members)
            let eventRatio = Double(events) / Double(sizes.events)
            let measured = "RSS ×\(String(format: "%.1f", memory)) (\(Format.megabytes(a)) vs \(Format.megabytes(b))); "
                + "members ×\(String(format: "%.1f", memberRatio)), events ×\(String(format: "%.1f", eventRatio))"
            if memory > memberRatio * 1.1 {
                add(memoryTarget, measured, false)
            } else if abs(memberRatio - eventRatio) < 0.2 * eventRatio {
                // Members and events grew together (as in a default generated ledger): memory
                // that kept up with members may still be memory that keeps up with events.
                add(memoryTarget, measured + " — members grew as events did: give --heavy DIR4 to tell them apart", nil)
            } else {
                add(memoryTarget, measured, true)
            }
        } else {
            add(memoryTarget, "not measured (--heavy DIR4 or --large DIR3)", nil)
        }
        if let t = time("prove") {
            add("prove with the tree's cache ≤ 50 ms (issue 9)", shown("prove"), t <= 0.050)
        } else {
            add("prove with the tree's cache ≤ 50 ms (issue 9)", shown("prove"), nil)
        }
        compare("prove with no tree cache ≤ one verify (issue 9)", "proveCold", "verify", factor: 1)
        if let t = time("append100k") {
            add("100k batch append ≤ 3 s", shown("append100k"), t <= 3)
        } else {
            add("100k batch append ≤ 3 s", shown("append100k"), nil)
        }

        /// a ≤ factor × b.
        func compare(_ target: String, _ a: String, _ b: String, factor: Double) {
            guard let x = time(a), let y = time(b), !(x.isInfinite && y.isInfinite) else {
                add(target, "\(shown(a)) vs \(shown(b))", nil)
                return
            }
            add(target, "\(shown(a)) vs \(shown(b))" + (x.isFinite && y.isFinite ? " (\(Format.ratio(x / y)))" : ""),
                x <= factor * y)
        }
        return table.render()
    }
}
