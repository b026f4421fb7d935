import Testing
@testable import Ledger

/// The rules of SPEC §3 checked on append: each broken rule rejects the event with a
/// message naming it, and the log is left byte-for-byte unchanged.
@Suite("Validation rules (SPEC §3)")
struct ValidationTests {
    func ledger(_ extra: String = "") throws -> TempLedger {
        let l = try TempLedger()
        try l.append(basics + (extra.isEmpty ? "" : "\n" + extra))
        return l
    }

    func expectRejected(_ l: TempLedger, _ lines: String, _ fragment: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        let error = l.reject(lines)
        #expect(error?.kind == .badData, "expected a rejection, got \(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error?.message.contains(fragment) == true, "message: \(error?.message ?? "none")", sourceLocation: sourceLocation)
    }

    @Test("a commitment needs its member and network registered, with a did-you-mean hint")
    func registered() throws {
        let l = try ledger()
        expectRejected(l, #"{"type":"membership","member":"paris","network":"c41","date":"2007"}"#,
                       "unknown network 'c41' (did you mean 'c40'?)")
        expectRejected(l, #"{"type":"membership","member":"pariss","network":"c40","date":"2007"}"#,
                       "unknown member 'pariss' (did you mean 'paris'?)")
        expectRejected(l, #"{"type":"merger","network":"compact","into":"nowhere","date":"2016"}"#, "unknown network in 'into'")
        expectRejected(l, #"{"type":"closure","network":"compact","date":"2016","successor":"nowhere"}"#, "unknown network in 'successor'")
        expectRejected(l, #"{"type":"rename","member":"nobody","name":"X","date":"2016"}"#, "unknown member 'nobody'")
        expectRejected(l, #"{"type":"policy","network":"nobody","date":"2016","title":"t","rules":[]}"#, "unknown network 'nobody'")
        expectRejected(l, #"{"type":"activity","member":"paris","network":"nobody","date":"2016","title":"t"}"#, "unknown network 'nobody'")
    }

    @Test("a slug is registered once")
    func registeredOnce() throws {
        let l = try ledger()
        expectRejected(l, #"{"type":"member","member":"paris","name":"Paris again","kind":"city"}"#, "already registered")
        expectRejected(l, #"{"type":"network","network":"c40","name":"C40 again","kind":"network"}"#, "already registered")
    }

    @Test("ids are unique; the genesis is only line 1")
    func idsAndGenesis() throws {
        let l = try ledger()
        expectRejected(l, #"{"type":"ledger","format":1,"name":"second genesis"}"#, "may only be line 1")
        // Same id twice in one batch with different content: a conflict.
        let error = l.reject(#"{"id":"x","type":"activity","member":"paris","date":"2016","title":"a"}"# + "\n"
            + #"{"id":"x","type":"activity","member":"paris","date":"2016","title":"b"}"#)
        #expect(error?.kind == .conflict)
    }

    @Test("life events need a commitment open at their date")
    func openCommitment() throws {
        let l = try ledger(#"{"type":"membership","member":"paris","network":"c40","date":"2007"}"#)
        expectRejected(l, #"{"type":"milestone","member":"paris","network":"compact","date":"2015","milestone":"plan"}"#, "no commitment in compact")
        expectRejected(l, #"{"type":"milestone","member":"paris","network":"c40","date":"2006","milestone":"plan"}"#, "no commitment in c40 open on 2006-01-01")
        // The start's earliest day is not after the event's earliest day: same year is fine.
        try l.append(#"{"type":"milestone","member":"paris","network":"c40","date":"2007-01","milestone":"plan"}"#)
        // Activities need no commitment.
        try l.append(#"{"type":"activity","member":"lyon","network":"c40","date":"2005-10-05","title":"C20 call"}"#)
        // After a withdrawal the commitment is closed (an event on the withdrawal's own day still counts).
        try l.append(#"{"type":"withdrawal","member":"paris","network":"c40","date":"2010-05-01"}"#)
        try l.append(#"{"type":"milestone","member":"paris","network":"c40","date":"2010-05-01","milestone":"report"}"#)
        expectRejected(l, #"{"type":"milestone","member":"paris","network":"c40","date":"2010-05-02","milestone":"x"}"#, "no commitment")
        expectRejected(l, #"{"type":"recognition","member":"paris","network":"c40","date":"2011","badge":"b"}"#, "no commitment")
    }

    @Test("a start cannot share its earliest day with a withdrawal of the same pair")
    func rejoinSameDay() throws {
        let l = try ledger(#"{"type":"membership","member":"paris","network":"c40","date":"2007"}"#
            + "\n" + #"{"type":"withdrawal","member":"paris","network":"c40","date":"2010-05-01"}"#)
        expectRejected(l, #"{"type":"membership","member":"paris","network":"c40","date":"2010-05-01"}"#, "date the rejoin a day later")
        try l.append(#"{"type":"membership","member":"paris","network":"c40","date":"2010-05-02"}"#)
        // The other way round: a withdrawal recorded after a start of the same day.
        expectRejected(l, #"{"type":"withdrawal","member":"paris","network":"c40","date":"2010-05-02"}"#, "cannot share its earliest day")
    }

    @Test("suspensions need an unsuspended commitment; reinstatements a suspended one")
    func suspension() throws {
        let l = try ledger(#"{"type":"signature","member":"paris","network":"compact","date":"2014"}"#)
        expectRejected(l, #"{"type":"reinstatement","member":"paris","network":"compact","date":"2015"}"#, "not suspended")
        try l.append(#"{"type":"suspension","member":"paris","network":"compact","date":"2015-03"}"#)
        expectRejected(l, #"{"type":"suspension","member":"paris","network":"compact","date":"2015-06"}"#, "already suspended")
        // Before the suspension's date the commitment was not suspended.
        expectRejected(l, #"{"type":"reinstatement","member":"paris","network":"compact","date":"2015-01"}"#, "not suspended")
        try l.append(#"{"type":"reinstatement","member":"paris","network":"compact","date":"2015-06"}"#)
        try l.append(#"{"type":"suspension","member":"paris","network":"compact","date":"2015-09"}"#)
    }

    @Test("nothing happens in a network after its merger or closure; no merging into itself")
    func afterEnding() throws {
        let l = try ledger(#"{"type":"signature","member":"paris","network":"compact","date":"2014"}"#
            + "\n" + #"{"type":"merger","network":"compact","into":"gcom","date":"2016-06-22"}"#)
        expectRejected(l, #"{"type":"signature","member":"lyon","network":"compact","date":"2017"}"#, "was merged into 'gcom'")
        expectRejected(l, #"{"type":"milestone","member":"paris","network":"compact","date":"2016-07","milestone":"plan"}"#, "was merged")
        expectRejected(l, #"{"type":"closure","network":"compact","date":"2017"}"#, "a network ends once")
        expectRejected(l, #"{"type":"closure","network":"compact","date":"2015"}"#, "a network ends once")
        expectRejected(l, #"{"type":"merger","network":"gcom","into":"gcom","date":"2017"}"#, "cannot merge into itself")
        // The merger carries Paris's commitment into gcom: life events there are fine.
        try l.append(#"{"type":"milestone","member":"paris","network":"gcom","date":"2016-09-30","milestone":"target"}"#)
        // An event whose earliest day is not after the merger's still counts (a year-precision date).
        try l.append(#"{"type":"milestone","member":"paris","network":"compact","date":"2016","milestone":"inventory"}"#)
        // A merger into a network that itself ends that day is not possible.
        try l.append(#"{"type":"merger","network":"gcom","into":"c40","date":"2018-05-01"}"#)
        try l.append(#"{"type":"network","network":"x","name":"X","kind":"network"}"#)
        expectRejected(l, #"{"type":"merger","network":"x","into":"gcom","date":"2018-05-01"}"#, "merges into 'c40'")
        try l.append(#"{"type":"merger","network":"x","into":"gcom","date":"2018-04-30"}"#)
        try l.append(#"{"type":"closure","network":"c40","date":"2020"}"#)
        expectRejected(l, #"{"type":"membership","member":"lyon","network":"c40","date":"2021"}"#, "was closed")
    }

    @Test("amendments target an existing, non-amendment, non-retracted event other than the genesis")
    func amendmentTargets() throws {
        let l = try ledger(#"{"id":"sig","type":"signature","member":"paris","network":"compact","date":"2014"}"#)
        expectRejected(l, #"{"type":"correction","target":"sgi","set":{"date":"2014-09"},"reason":"r"}"#, "no event has the id 'sgi' (did you mean 'sig'?)")
        let genesis = l.store
        _ = genesis
        let first = try LogReader.events(in: l.logBytes, file: "x").events[0]
        expectRejected(l, #"{"type":"retraction","target":"\#(first.id)","reason":"r"}"#, "genesis")
        try l.append(#"{"id":"fix","type":"correction","target":"sig","set":{"date":"2014-09"},"reason":"r"}"#)
        expectRejected(l, #"{"type":"retraction","target":"fix","reason":"r"}"#, "amendments cannot be amended")
        expectRejected(l, #"{"type":"correction","target":"sig","set":{"badge":"b"},"reason":"r"}"#, "has no field 'badge'")
        try l.append(#"{"id":"act","type":"activity","member":"paris","date":"2016","title":"t"}"#)
        try l.append(#"{"type":"retraction","target":"act","reason":"duplicate"}"#)
        expectRejected(l, #"{"type":"correction","target":"act","set":{"title":"u"},"reason":"r"}"#, "was retracted")
        expectRejected(l, #"{"type":"retraction","target":"act","reason":"again"}"#, "was retracted")
    }

    @Test("after an amendment the whole ledger must still obey the rules")
    func amendmentKeepsLedgerValid() throws {
        let l = try ledger(#"{"id":"sig","type":"signature","member":"paris","network":"compact","date":"2014"}"#
            + "\n" + #"{"id":"inv","type":"milestone","member":"paris","network":"compact","date":"2015-03","milestone":"inventory"}"#)
        // Retracting the start would orphan the milestone: retract that first.
        expectRejected(l, #"{"type":"retraction","target":"sig","reason":"r"}"#, "line 8 ('inv', a milestone) would break a rule")
        // Moving the start after the milestone breaks it too.
        expectRejected(l, #"{"type":"correction","target":"sig","set":{"date":"2015-06"},"reason":"r"}"#, "would break a rule")
        // Correcting a slug to an unregistered one is caught.
        expectRejected(l, #"{"type":"correction","target":"sig","set":{"network":"c41"},"reason":"r"}"#, "unknown network 'c41'")
        try l.append(#"{"type":"retraction","target":"inv","reason":"r"}"#)
        try l.append(#"{"type":"retraction","target":"sig","reason":"r"}"#)
        #expect(Verifier.verify(bytes: l.logBytes).ok)
    }

    @Test("a corrected event must stay a valid event of its type")
    func correctedStaysValid() throws {
        let l = try ledger(#"{"id":"ren","type":"rename","network":"c40","name":"C40 Cities","date":"2010"}"#)
        expectRejected(l, #"{"type":"correction","target":"ren","set":{"member":"paris"},"reason":"r"}"#, "exactly one of 'network' or 'member'")
    }

    @Test("on a merger's day, a life event in 'into' belongs to the member's commitment already there, as the views fold it")
    func mergerDayAttachesToExisting() throws {
        let l = try ledger(#"{"type":"signature","member":"paris","network":"compact","date":"2014"}"#
            + "\n" + #"{"type":"signature","member":"paris","network":"gcom","date":"2015"}"#
            + "\n" + #"{"type":"suspension","member":"paris","network":"gcom","date":"2015-06"}"#
            + "\n" + #"{"type":"merger","network":"compact","into":"gcom","date":"2016-06-22"}"#)
        // That day the gcom commitment (suspended) is still the one in effect: it can be
        // reinstated but not suspended again.
        expectRejected(l, #"{"type":"suspension","member":"paris","network":"gcom","date":"2016-06-22"}"#, "already suspended")
        try l.append(#"{"type":"reinstatement","member":"paris","network":"gcom","date":"2016-06-22"}"#)
        // From the next day on, the commitment carried in by the merger (never suspended) is.
        expectRejected(l, #"{"type":"reinstatement","member":"paris","network":"gcom","date":"2016-06-23"}"#, "not suspended")
        try l.append(#"{"type":"suspension","member":"paris","network":"gcom","date":"2016-06-23"}"#)
    }

    @Test("an event recorded late but dated early cannot leave earlier-recorded events without their commitment")
    func retroactiveEvents() throws {
        let l = try ledger(#"{"type":"signature","member":"paris","network":"compact","date":"2014"}"#
            + "\n" + #"{"id":"inv","type":"milestone","member":"paris","network":"compact","date":"2015-05","milestone":"inventory"}"#
            + "\n" + #"{"type":"suspension","member":"paris","network":"compact","date":"2016-01"}"#
            + "\n" + #"{"type":"reinstatement","member":"paris","network":"compact","date":"2016-06"}"#
            + "\n" + #"{"type":"activity","member":"lyon","network":"c40","date":"2019-05-01","title":"summit"}"#)
        // A withdrawal dated before the milestone recorded earlier would orphan it.
        expectRejected(l, #"{"type":"withdrawal","member":"paris","network":"compact","date":"2015"}"#,
                       "this event would break line 8 (a milestone dated from 2015-05-01)")
        // So would a closure of the network dated before it.
        expectRejected(l, #"{"type":"closure","network":"compact","date":"2015-03"}"#, "would break line 8")
        // A closure dated before an activity recorded in the network.
        expectRejected(l, #"{"type":"closure","network":"c40","date":"2019"}"#, "would break line 11")
        // A suspension dated before the recorded one makes that one a second suspension.
        expectRejected(l, #"{"type":"suspension","member":"paris","network":"compact","date":"2015-09"}"#, "already suspended")
        // A renewal between the suspension and the reinstatement leaves nothing to reinstate.
        expectRejected(l, #"{"type":"signature","member":"paris","network":"compact","date":"2016-03"}"#,
                       "would break line 10 (a reinstatement")
        // Dated after everything, the same events are fine.
        try l.append(#"{"type":"withdrawal","member":"paris","network":"compact","date":"2017"}"#)
        try l.append(#"{"type":"closure","network":"c40","date":"2020"}"#)
        #expect(Verifier.verify(bytes: l.logBytes).ok)
    }

    @Test("a start cannot be dated before its network was founded, on append and under amendments")
    func founding() throws {
        let l = try ledger(#"{"id":"n-cov","type":"network","network":"covenant","name":"Covenant of Mayors","kind":"pact","founded":"2008-01-29"}"#)
        expectRejected(l, #"{"type":"signature","member":"paris","network":"covenant","date":"2007"}"#,
                       "network 'covenant' was founded 2008-01-29 (from 2008-01-29): a signature dated 2007 cannot start before it (its latest day is 2007-12-31)")
        // The start's latest day counts: a year that includes the founding day is fine.
        try l.append(#"{"id":"sig","type":"signature","member":"paris","network":"covenant","date":"2008"}"#)
        try l.append(#"{"id":"old","type":"membership","member":"lyon","network":"c40","date":"1990"}"#)
        // Moving the start before it, or into a network founded after it, is caught.
        expectRejected(l, #"{"type":"correction","target":"sig","set":{"date":"2007-12"},"reason":"r"}"#,
                       "with this correction applied, line 8 ('sig', a signature) would break a rule: network 'covenant' was founded 2008-01-29")
        expectRejected(l, #"{"type":"correction","target":"old","set":{"network":"covenant"},"reason":"r"}"#,
                       "line 9 ('old', a membership) would break a rule: network 'covenant' was founded")
        try l.append(#"{"type":"correction","target":"old","set":{"date":"2009"},"reason":"r"}"#)
        try l.append(#"{"type":"correction","target":"old","set":{"network":"covenant"},"reason":"r"}"#)
        #expect(Verifier.verify(bytes: l.logBytes).ok)
    }

    @Test("changing a network's founded date re-checks the starts in it")
    func foundingCorrected() throws {
        // Built event by event, so the ledger can be checked line by line by a bare validator.
        func event(_ seq: Int, _ text: String, founded: String? = nil) throws -> Event {
            var e = try EventDecoder.decode(try JSONReader.parse(text), mode: .input)
            e.seq = seq
            e.recorded = Timestamp(seconds: 1_767_225_600 + Int64(seq))
            if let founded { try e.set("set", to: .object([JSONMember("founded", .string(founded))])) }
            return e
        }
        var validator = Validator()
        let lines = [
            #"{"id":"g","type":"ledger","format":1,"name":"t"}"#,
            #"{"id":"m","type":"member","member":"paris","name":"Paris","kind":"city"}"#,
            #"{"id":"n","type":"network","network":"covenant","name":"Covenant","kind":"pact","founded":"2008"}"#,
            #"{"id":"s","type":"signature","member":"paris","network":"covenant","date":"2009-02-10"}"#,
        ]
        for (i, line) in lines.enumerated() { try validator.admit(try event(i + 1, line)) }
        let later = try event(5, #"{"id":"c1","type":"correction","target":"n","set":{"note":"x"},"reason":"r"}"#, founded: "2010")
        #expect(throws: EventError("with this correction applied, line 4 ('s', a signature) would break a rule: network 'covenant' was founded 2010 (from 2010-01-01): a signature dated 2009-02-10 cannot start before it (its latest day is 2009-02-10)")) {
            try validator.admit(later)
        }
        try validator.admit(try event(5, #"{"id":"c2","type":"correction","target":"n","set":{"note":"x"},"reason":"r"}"#, founded: "2009-02"))
        #expect(validator.index.networks[NetworkID("covenant")]?.founded?.text == "2009-02")
    }

    @Test("a merger is checked against the members whose commitments it carries on, through earlier mergers")
    func mergerChain() throws {
        let l = try ledger("""
            {"type":"network","network":"a","name":"A","kind":"network"}
            {"type":"network","network":"b","name":"B","kind":"network"}
            {"type":"network","network":"d","name":"D","kind":"network"}
            {"type":"signature","member":"paris","network":"a","date":"2010"}
            {"type":"merger","network":"a","into":"b","date":"2012"}
            {"type":"signature","member":"paris","network":"d","date":"2011"}
            {"type":"suspension","member":"paris","network":"d","date":"2013-01"}
            {"type":"merger","network":"c40","into":"d","date":"2014-06"}
            {"type":"reinstatement","member":"paris","network":"d","date":"2015"}
            """)
        // Paris has no event in b or c40, but its commitment from a, carried into b, would be
        // carried on into c40 and then into d, renewing its suspended commitment there.
        expectRejected(l, #"{"type":"merger","network":"b","into":"c40","date":"2013-06"}"#,
                       "this event would break line 15 (a reinstatement dated from 2015-01-01): paris's commitment in d is not suspended")
        try l.append(#"{"type":"closure","network":"b","date":"2013-06"}"#)
    }
}
