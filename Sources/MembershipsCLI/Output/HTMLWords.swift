import Ledger

/// The languages the report page is written in (`report --lang`).
enum ReportLanguage: String, CaseIterable, Sendable {
    case en, fr

    /// `--lang` as given (English when absent).
    /// - Throws: a usage error (64) naming the accepted values.
    static func parse(_ text: String?) throws(LedgerError) -> ReportLanguage {
        guard let text else { return .en }
        guard let language = ReportLanguage(rawValue: text) else {
            let accepted = allCases.map(\.rawValue).joined(separator: ", ")
            throw LedgerError(.usage, "--lang takes one of \(accepted), not \(Console.safe("'" + text + "'"))",
                              hint: "for example: memberships report --html report.html --lang fr")
        }
        return language
    }

    /// The words of the page in this language: one entry per `ReportWord`.
    var words: [ReportWord: String] {
        switch self {
        case .en: return ReportWord.english
        case .fr: return ReportWord.french
        }
    }
}

/// Every piece of fixed text on the report page: labels, headings, legend, status words,
/// sentences about events, and the words dates are written with. Each language gives every
/// key (a test checks it), with the same `{1}`, `{2}`… placeholders, filled in by
/// `ReportText`. Data from the ledger (names, titles, sources, notes) is never translated.
enum ReportWord: String, CaseIterable, Sendable {
    // The page
    case pageTitle, asOf, knownAt, knownNow, computedFrom, showing, filterMember, filterNetwork
    case commitmentOne, commitmentOther, eventOne, eventOther
    case headingTimeline, headingStatus, headingEvents, chartNotes, eventsNotes, footer
    // The chart
    case chartLabel, noCommitments, laneTitle, notCertain
    case legendSpan, legendUncertain, legendMerger
    case legendDeadlineMet, legendDeadlineOverdue, legendDeadlineAhead, legendDeadlineNotRecorded
    case deadline
    // The status table
    case columnMember, columnNetwork, columnVia, columnSince, columnStatus, columnReasonBadge, columnRules
    case columnBasis, basisRecognition, basisRules, basisNone
    case statusCompliant, statusOnTrack, statusOverdue, statusNoObligations, statusSuspended, statusEnded
    case reasonWithdrawn, reasonClosed, reasonMerged, reasonRenewed
    case viaMembership, viaSignature, viaSelection, viaMerger
    case ruleRecurring, ruleDue, ruleMet, ruleMetLate, ruleOverdue, ruleNotRecorded
    // The events table
    case columnDate, columnWhat, columnSource, columnEvent, corrected, correctedTitle, note
    // Marker kinds, as the legend names them
    case kindMilestone, kindRecognition, kindSuspension, kindReinstatement, kindWithdrawal
    case kindMerger, kindClosure, kindActivity
    // What an event says
    case eventMembership, eventMembershipRole, eventSignature, eventSelection, eventSelectionCohort
    case eventWithdrawal, eventSuspension, eventReinstatement, eventMilestone, eventRecognition
    case eventActivity, eventMerger, eventClosure, eventClosureSuccessor, eventRename
    case eventPolicyNew, eventPolicyAll, policyDetails, clauseSeparator, policyWithin, policyBy, policyEvery, policyBadge
    case monthOne, monthOther
    // Dates
    case january, february, march, april, may, june, july, august, september, october, november, december
    case dayMonthYear, monthYear, firstOfMonth, dayWithArticle
    case approximate, approximateInInterval, uncertain, uncertainApproximate, uncertainApproximateInInterval
    case between

    static let english: [ReportWord: String] = [
        .pageTitle: "{1} — commitments as of {2}",
        .asOf: "as of {1}",
        .knownAt: "as known at {1}",
        .knownNow: "as known now (everything recorded)",
        .computedFrom: "computed from head seq {1} {2}",
        .showing: "showing {1}",
        .filterMember: "member {1}",
        .filterNetwork: "network {1}",
        .commitmentOne: "{1} commitment",
        .commitmentOther: "{1} commitments",
        .eventOne: "{1} event",
        .eventOther: "{1} events",
        .headingTimeline: "Timeline",
        .headingStatus: "Compliance status",
        .headingEvents: "Events",
        .chartNotes: "One lane per commitment, from its start to the as-of day ({1}), or to the event that ended it. "
            + "Markers sit at an event’s earliest day, ticks at each rule’s deadline; hover over one for its date and what "
            + "it says. Hatching marks a date that is a span; a dashed outline, a status not certain as of {1}.",
        .eventsNotes: "? — not certain as of {1} (the date is a span that reaches past it); corrected — changed by a "
            + "correction. The Event column holds each event’s id (hover for all of it, or select it to copy): "
            + "{2} shows how it was recorded and corrected.",
        .footer: "{1} · report of the ledger as of {2} · head seq {3}",
        .chartLabel: "Timeline of {1} as of {2}",
        .noCommitments: "No commitments as of {1}.",
        .laneTitle: "{1} — {2}: {3} since {4}; {5}",
        .notCertain: "not certain as of {1}",
        .legendSpan: "hatched: the date is a span",
        .legendUncertain: "dashed outline: not certain",
        .legendMerger: "↳ carried by a merger",
        .legendDeadlineMet: "deadline met",
        .legendDeadlineOverdue: "deadline passed, unmet",
        .legendDeadlineAhead: "deadline ahead",
        .legendDeadlineNotRecorded: "deadline, no milestone recorded (a recognition decides)",
        .deadline: "{1}: due {2}",
        .columnMember: "Member",
        .columnNetwork: "Network",
        .columnVia: "Via",
        .columnSince: "Since",
        .columnStatus: "Status",
        .columnReasonBadge: "Reason / badge",
        .columnRules: "Rules",
        .columnBasis: "Decided by",
        .basisRecognition: "recognition",
        .basisRules: "rules",
        .basisNone: "none",
        .statusCompliant: "compliant",
        .statusOnTrack: "on track",
        .statusOverdue: "overdue",
        .statusNoObligations: "no obligations",
        .statusSuspended: "suspended",
        .statusEnded: "ended",
        .reasonWithdrawn: "withdrawn",
        .reasonClosed: "network closed",
        .reasonMerged: "network merged",
        .reasonRenewed: "renewed",
        .viaMembership: "membership",
        .viaSignature: "signature",
        .viaSelection: "selection",
        .viaMerger: "merger",
        .ruleRecurring: "(recurring)",
        .ruleDue: "due {1}",
        .ruleMet: "met {1}",
        .ruleMetLate: "met {1}, late",
        .ruleOverdue: "overdue",
        .ruleNotRecorded: "not recorded",
        .columnDate: "Date",
        .columnWhat: "What happened",
        .columnSource: "Source",
        .columnEvent: "Event",
        .corrected: "corrected",
        .correctedTitle: "changed by a correction",
        .note: "Note: {1}",
        .kindMilestone: "milestone",
        .kindRecognition: "recognition",
        .kindSuspension: "suspension",
        .kindReinstatement: "reinstatement",
        .kindWithdrawal: "withdrawal",
        .kindMerger: "merger",
        .kindClosure: "closure",
        .kindActivity: "activity",
        .eventMembership: "joins",
        .eventMembershipRole: "joins as {1}",
        .eventSignature: "signs",
        .eventSelection: "is selected",
        .eventSelectionCohort: "is selected (cohort {1})",
        .eventWithdrawal: "withdraws",
        .eventSuspension: "is suspended",
        .eventReinstatement: "is reinstated",
        .eventMilestone: "reaches milestone “{1}”",
        .eventRecognition: "is recognised “{1}”",
        .eventActivity: "activity: {1}",
        .eventMerger: "merges into {1}",
        .eventClosure: "closes",
        .eventClosureSuccessor: "closes; successor: {1}",
        .eventRename: "renamed “{1}”",
        .eventPolicyNew: "adopts “{1}” for new commitments",
        .eventPolicyAll: "adopts “{1}” for all commitments",
        .policyDetails: "{1}: {2}",
        .clauseSeparator: "; ",
        .policyWithin: "{1} within {2}",
        .policyBy: "{1} by {2}",
        .policyEvery: "{1} every {2} after {3}",
        .policyBadge: "badge “{1}”",
        .monthOne: "{1} month",
        .monthOther: "{1} months",
        .january: "January", .february: "February", .march: "March", .april: "April", .may: "May", .june: "June",
        .july: "July", .august: "August", .september: "September", .october: "October", .november: "November",
        .december: "December",
        .dayMonthYear: "{1} {2} {3}",
        .monthYear: "{1} {2}",
        .firstOfMonth: "1",
        .dayWithArticle: "{1}",
        .approximate: "about {1}",
        .approximateInInterval: "about {1}",
        .uncertain: "possibly {1}",
        .uncertainApproximate: "possibly about {1}",
        .uncertainApproximateInInterval: "possibly about {1}",
        .between: "between {1} and {2}",
    ]

    // French typography: a no-break space (U+00A0) before « : ; ? » and inside « ».
    static let french: [ReportWord: String] = [
        .pageTitle: "{1} — engagements au {2}",
        .asOf: "au {1}",
        .knownAt: "tel que connu à {1}",
        .knownNow: "tel que connu aujourd’hui (tout ce qui est enregistré)",
        .computedFrom: "calculé depuis la tête du journal, seq {1} {2}",
        .showing: "filtre\u{A0}: {1}",
        .filterMember: "membre {1}",
        .filterNetwork: "réseau {1}",
        .commitmentOne: "{1} engagement",
        .commitmentOther: "{1} engagements",
        .eventOne: "{1} événement",
        .eventOther: "{1} événements",
        .headingTimeline: "Chronologie",
        .headingStatus: "État de conformité",
        .headingEvents: "Événements",
        .chartNotes: "Une ligne par engagement, de son début à la date du rapport ({1}) ou à l’événement qui y a mis fin. "
            + "Les symboles sont placés au premier jour possible de chaque événement, les traits verticaux à l’échéance "
            + "de chaque règle\u{A0}; survolez-les pour leur date et leur contenu. Les hachures signalent une date qui "
            + "couvre une période\u{A0}; un contour pointillé, un état non certain au {1}.",
        .eventsNotes: "?\u{A0}— non certain au {1} (la date couvre une période qui va au-delà)\u{A0}; corrigé\u{A0}— "
            + "modifié par une correction. La colonne Événement donne l’identifiant de chaque événement (survolez-le "
            + "pour le lire en entier, ou sélectionnez-le pour le copier)\u{A0}: {2} montre comment il a été "
            + "enregistré et corrigé.",
        .footer: "{1} · rapport du registre au {2} · tête seq {3}",
        .chartLabel: "Chronologie de {1} au {2}",
        .noCommitments: "Aucun engagement au {1}.",
        .laneTitle: "{1} — {2}\u{A0}: {3}, {4}\u{A0}; {5}",
        .notCertain: "non certain au {1}",
        .legendSpan: "hachuré\u{A0}: la date couvre une période",
        .legendUncertain: "contour pointillé\u{A0}: non certain",
        .legendMerger: "↳ repris par une fusion",
        .legendDeadlineMet: "échéance tenue",
        .legendDeadlineOverdue: "échéance dépassée",
        .legendDeadlineAhead: "échéance à venir",
        .legendDeadlineNotRecorded: "échéance sans étape enregistrée (une distinction décide)",
        .deadline: "{1}\u{A0}: échéance {2}",
        .columnMember: "Membre",
        .columnNetwork: "Réseau",
        .columnVia: "Mode",
        .columnSince: "Depuis",
        .columnStatus: "État",
        .columnReasonBadge: "Motif / distinction",
        .columnRules: "Règles",
        .columnBasis: "Décidé par",
        .basisRecognition: "reconnaissance",
        .basisRules: "règles",
        .basisNone: "rien",
        .statusCompliant: "conforme",
        .statusOnTrack: "dans les temps",
        .statusOverdue: "en retard",
        .statusNoObligations: "sans obligation",
        .statusSuspended: "suspendu",
        .statusEnded: "terminé",
        .reasonWithdrawn: "retrait",
        .reasonClosed: "réseau fermé",
        .reasonMerged: "réseau fusionné",
        .reasonRenewed: "renouvelé",
        .viaMembership: "adhésion",
        .viaSignature: "signature",
        .viaSelection: "sélection",
        .viaMerger: "fusion",
        .ruleRecurring: "(périodique)",
        .ruleDue: "échéance\u{A0}: {1}",
        .ruleMet: "tenue\u{A0}: {1}",
        .ruleMetLate: "tenue\u{A0}: {1}, en retard",
        .ruleOverdue: "en retard",
        .ruleNotRecorded: "non enregistrée",
        .columnDate: "Date",
        .columnWhat: "Ce qui s’est passé",
        .columnSource: "Source",
        .columnEvent: "Événement",
        .corrected: "corrigé",
        .correctedTitle: "modifié par une correction",
        .note: "Note\u{A0}: {1}",
        .kindMilestone: "étape",
        .kindRecognition: "distinction",
        .kindSuspension: "suspension",
        .kindReinstatement: "réintégration",
        .kindWithdrawal: "retrait",
        .kindMerger: "fusion",
        .kindClosure: "fermeture",
        .kindActivity: "activité",
        .eventMembership: "adhésion",
        .eventMembershipRole: "adhésion en tant que {1}",
        .eventSignature: "signature",
        .eventSelection: "sélection",
        .eventSelectionCohort: "sélection (cohorte {1})",
        .eventWithdrawal: "retrait",
        .eventSuspension: "suspension",
        .eventReinstatement: "réintégration",
        .eventMilestone: "étape «\u{A0}{1}\u{A0}» franchie",
        .eventRecognition: "distinction «\u{A0}{1}\u{A0}»",
        .eventActivity: "activité\u{A0}: {1}",
        .eventMerger: "fusion dans {1}",
        .eventClosure: "fermeture",
        .eventClosureSuccessor: "fermeture\u{A0}; successeur\u{A0}: {1}",
        .eventRename: "nouveau nom\u{A0}: «\u{A0}{1}\u{A0}»",
        .eventPolicyNew: "adopte «\u{A0}{1}\u{A0}» pour les nouveaux engagements",
        .eventPolicyAll: "adopte «\u{A0}{1}\u{A0}» pour tous les engagements",
        .policyDetails: "{1}\u{A0}: {2}",
        .clauseSeparator: "\u{A0}; ",
        .policyWithin: "{1} sous {2}",
        .policyBy: "{1}, échéance\u{A0}: {2}",
        .policyEvery: "{1} tous les {2} après {3}",
        .policyBadge: "distinction «\u{A0}{1}\u{A0}»",
        .monthOne: "{1} mois",
        .monthOther: "{1} mois",
        .january: "janvier", .february: "février", .march: "mars", .april: "avril", .may: "mai", .june: "juin",
        .july: "juillet", .august: "août", .september: "septembre", .october: "octobre", .november: "novembre",
        .december: "décembre",
        .dayMonthYear: "{1} {2} {3}",
        .monthYear: "{1} {2}",
        .firstOfMonth: "1er",
        .dayWithArticle: "le {1}",
        .approximate: "vers {1}",
        .approximateInInterval: "environ {1}",
        .uncertain: "peut-être {1}",
        .uncertainApproximate: "peut-être vers {1}",
        .uncertainApproximateInInterval: "peut-être environ {1}",
        .between: "entre {1} et {2}",
    ]
}
