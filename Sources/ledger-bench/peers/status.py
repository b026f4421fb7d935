#!/usr/bin/env python3
"""Compliance status of a MembershipLedger ledger, replayed independently of the Swift code.

    status.py LEDGER_DIR --as-of YYYY[-MM[-DD]] [--known-at seq:N | DAY | RFC3339-INSTANT]

Prints what `memberships --ledger LEDGER_DIR status --as-of D --format json` prints:

    {"head": {"seq": N, "hash": H}, "asOf": "YYYY-MM-DD", "knownAt": null, "rows": [...]}

Two jobs. For ledger-bench it is the peer a user would write on a free afternoon: read the
JSON lines (with orjson when it is installed, else the standard json module), fold them,
print the rows. And it is a second, independent model of SPEC §5, written from the text
of the SPEC rather than from the Swift sources, so the two can be checked against each
other (`ledger-bench compare` does, row by row).

Where the SPEC leaves room, this follows the project's documented choices
(docs/DECISIONS.md, "Projections"):
  1. a `within` rule under a standard counts from the later of the start's latest day and
     the standard's latest day;
  2. a policy applies only once its earliest day is not after the judging day (SPEC §4: an
     event dated after Q has not happened yet at Q);
  4. a recurring item is due n months after the greatest latest day among the `after`
     milestones and the milestones of the recurring name;
  5. a life event dated on a merger's day in the `into` network, which sorts before the
     merger, attaches to the member's commitment already there, else to the one the
     merger carries in;
  6. a commitment carried through several mergers is certain only if every merger is;
  14. rows that tie on member, network and start keep the order the fold opened them in.

It reads only the log and trusts it: run `memberships verify` first on a ledger you did
not make. Standard library only (orjson optional).
"""

import datetime
import hashlib
import json
import sys

try:
    import orjson

    def parse_line(line):
        return orjson.loads(line)
except ImportError:  # the standard library is enough, only slower
    def parse_line(line):
        return json.loads(line)


STARTS = {"membership", "signature", "selection"}
LIFE = {"milestone", "recognition", "suspension", "reinstatement", "withdrawal"}

# SPEC §4: one order for every projection — earliest day, then this rank, latest day, seq.
RANK = {
    "membership": 0, "signature": 0, "selection": 0,
    "milestone": 1, "recognition": 1, "suspension": 1, "reinstatement": 1, "activity": 1,
    "withdrawal": 2,
    "merger": 3, "closure": 3, "rename": 3, "policy": 3,
}


# ---------------------------------------------------------------------------------------
# Dates (SPEC §4): every date is a span of days [earliest, latest], as ordinals.

def _part_span(text):
    """One end of a date: YYYY, YYYY-MM or YYYY-MM-DD, maybe with a trailing ? ~ %."""
    if text and text[-1] in "?~%":
        text = text[:-1]
    pieces = [int(p) for p in text.split("-")]
    if len(pieces) == 1:
        (year,) = pieces
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if len(pieces) == 2:
        year, month = pieces
        return datetime.date(year, month, 1), last_day_of_month(year, month)
    day = datetime.date(*pieces)
    return day, day


def span(text):
    """(earliest, latest) ordinals of an EDTF date as SPEC §4 allows it (intervals too)."""
    if "/" in text:
        start, end = text.split("/")
        return _part_span(start)[0].toordinal(), _part_span(end)[1].toordinal()
    earliest, latest = _part_span(text)
    return earliest.toordinal(), latest.toordinal()


def last_day_of_month(year, month):
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def add_months(ordinal, months):
    """k calendar months later; a day past the end of the month is clamped to its last day."""
    day = datetime.date.fromordinal(ordinal)
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, last_day_of_month(year, month).day)).toordinal()


def day_text(ordinal):
    return datetime.date.fromordinal(ordinal).isoformat()


def parse_as_of(text):
    """--as-of takes a year, month or day and means the last day it covers."""
    if "/" in text or text[-1:] in ("?", "~", "%"):
        raise ValueError("--as-of takes a year, month or day: %r" % text)
    return span(text)[1]


# ---------------------------------------------------------------------------------------
# The log (SPEC §2) and the record as known (SPEC §3 amendments, §4 --known-at).

def read_log(ledger):
    """The complete lines of Events/ledger.jsonl (a torn last line is left out) and the head."""
    with open(ledger + "/Events/ledger.jsonl", "rb") as f:
        data = f.read()
    lines = data.split(b"\n")
    lines.pop()  # what follows the last "\n": empty, or a torn write never acknowledged
    lines = [line[:-1] if line.endswith(b"\r") else line for line in lines]
    head = {"seq": len(lines), "hash": hashlib.sha256(lines[-1]).hexdigest() if lines else "0" * 64}
    return lines, head


def parse_instant(text):
    text = text.strip()
    if text.endswith("Z") or text.endswith("z"):
        text = text[:-1] + "+00:00"
    # Python's parser takes at most 6 fraction digits.
    if "." in text:
        main, rest = text.split(".", 1)
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits):]
        text = main + "." + (digits + "000000")[:6] + zone
    return datetime.datetime.fromisoformat(text)


def known(events, known_at):
    """The events recorded by --known-at: `seq:N`, a day (its end, UTC) or an instant."""
    if known_at is None:
        return events
    if known_at.startswith("seq:"):
        limit = int(known_at[4:])
        return [e for e in events if e["seq"] <= limit]
    if len(known_at) == 10:
        limit = datetime.datetime.combine(datetime.date.fromisoformat(known_at), datetime.time.max,
                                          tzinfo=datetime.timezone.utc)
    else:
        limit = parse_instant(known_at)
    return [e for e in events if parse_instant(e["recorded"]) <= limit]


def effective(events):
    """The events that still count, each with its corrections applied in log order (SPEC §3.1):
    a correction sets fields on its target, a retraction removes it. Amendments themselves
    are left out."""
    result = []
    position = {}
    for event in events:
        kind = event["type"]
        if kind == "correction":
            index = position.get(event["target"])
            if index is not None and result[index] is not None:
                corrected = dict(result[index])
                corrected.update(event["set"])
                result[index] = corrected
        elif kind == "retraction":
            index = position.get(event["target"])
            if index is not None:
                result[index] = None
        else:
            position[event["id"]] = len(result)
            result.append(event)
    return [e for e in result if e is not None]


# ---------------------------------------------------------------------------------------
# Policies (SPEC §3.1 policy, §5 "The policy in force").

class Policy:
    def __init__(self, event):
        self.network = event["network"]
        self.seq = event["seq"]
        self.earliest, self.latest = span(event["date"])
        self.standard = event.get("applies") == "all"
        self.rules = event.get("rules", [])
        self.every = event.get("every", [])
        self.badge = event.get("badge")

    def due(self, rule, start_latest):
        """`within k`: k months after the start's latest day, or after a standard's latest day
        when that is later (decision 1); `by D`: D's latest day."""
        if "by" in rule:
            return span(rule["by"])[1]
        base = max(start_latest, self.latest) if self.standard else start_latest
        return add_months(base, rule["within"])


def in_force(policies, origin, current, start_latest, day):
    """Among the applicable policies, the one with the greatest earliest day (ties: later seq).
    Applicable: the vintages of the start's network dated by the start's latest day, and the
    standards of that network and of the one the commitment is in now; none dated after the
    judging day (decision 2)."""
    applicable = [p for p in policies.get(origin, [])
                  if p.earliest <= day and (p.standard or p.earliest <= start_latest)]
    if current != origin:
        applicable += [p for p in policies.get(current, []) if p.standard and p.earliest <= day]
    if not applicable:
        return None
    return max(applicable, key=lambda p: (p.earliest, p.seq))


# ---------------------------------------------------------------------------------------
# Commitments (SPEC §5): the fold over the dated events in §4 order.

class Commitment:
    def __init__(self, member, network, via, start, serial):
        self.member = member
        self.network = network      # where it is now (the `into` of a merger that carried it)
        self.via = via              # the start's type, or "merger"
        self.start = start          # the start event, kept across mergers
        self.origin = start["network"]
        self.mergers = []           # the mergers that carried it here
        self.milestones = []        # its milestone events, in §4 order
        self.recognition = None     # the latest recognition
        self.suspension = None      # the suspension in effect
        self.ending = None          # (reason, event)
        self.serial = serial        # when the fold opened it

    def carried(self, merger, serial):
        copy = Commitment(self.member, merger["into"], "merger", self.start, serial)
        copy.origin = self.origin
        copy.mergers = self.mergers + [merger]
        copy.milestones = list(self.milestones)
        copy.recognition = self.recognition
        copy.suspension = self.suspension
        return copy


class Book:
    """Every commitment started by Q, and the open one of each (member, network)."""

    def __init__(self, ordered, q):
        self.commitments = []
        self.open = {}              # (member, network) -> Commitment
        self.waiting = {}           # life events with no open commitment yet (decision 5)
        for event in ordered:
            if event["_earliest"] > q:
                break
            kind = event["type"]
            if kind in STARTS:
                self.begin(event)
            elif kind in LIFE:
                pair = (event["member"], event["network"])
                if pair in self.open:
                    self.apply(self.open[pair], event)
                else:
                    self.waiting.setdefault(pair, []).append(event)
            elif kind == "merger":
                self.merge(event)
            elif kind == "closure":
                for pair in sorted(p for p in self.open if p[1] == event["network"]):
                    self.end(self.open[pair], "closed", event)

    def begin(self, event):
        pair = (event["member"], event["network"])
        if pair in self.open:       # a start while one is open renews it
            self.end(self.open[pair], "renewed", event)
        commitment = Commitment(event["member"], event["network"], event["type"], event, len(self.commitments))
        self.commitments.append(commitment)
        self.open[pair] = commitment

    def apply(self, commitment, event):
        kind = event["type"]
        if kind == "milestone":
            commitment.milestones.append(event)
        elif kind == "recognition":
            commitment.recognition = event
        elif kind == "suspension":
            commitment.suspension = event
        elif kind == "reinstatement":
            commitment.suspension = None
        elif kind == "withdrawal":
            self.end(commitment, "withdrawn", event)

    def merge(self, event):
        """Ends each open commitment of `network` (merged) and carries it into `into`, ending
        first (renewed) one the member already has open there."""
        source, into = event["network"], event["into"]
        for pair in sorted(p for p in self.open if p[1] == source):
            old = self.open[pair]
            self.end(old, "merged", event)
            member = pair[0]
            if (member, into) in self.open:
                self.end(self.open[(member, into)], "renewed", event)
            carried = old.carried(event, len(self.commitments))
            self.commitments.append(carried)
            self.open[(member, into)] = carried
            for early in self.waiting.pop((member, into), []):
                if early["_earliest"] == event["_earliest"] and (member, into) in self.open:
                    self.apply(self.open[(member, into)], early)

    def end(self, commitment, reason, event):
        commitment.ending = (reason, event)
        pair = (commitment.member, commitment.network)
        if self.open.get(pair) is commitment:
            del self.open[pair]


# ---------------------------------------------------------------------------------------
# Judging one commitment (SPEC §5 "Compliance status").

def judge(c, q, policies):
    """The status row of commitment c as of q. An ended commitment is judged (policy, rules,
    overdue) as of its ending's earliest day; `certain` is always judged at q."""
    day = c.ending[1]["_earliest"] if c.ending else q
    start_earliest, start_latest = span(c.start["date"])
    policy = in_force(policies, c.origin, c.network, start_latest, day)

    def happened(event):
        return span(event["date"])[1] <= q

    first = {}                      # the first milestone of each name, in §4 order
    latest_of = {}                  # the greatest latest day among the milestones of each name
    for m in c.milestones:
        first.setdefault(m["milestone"], m)
        latest_of[m["milestone"]] = max(latest_of.get(m["milestone"], 0), span(m["date"])[1])

    items = []
    every_met, any_overdue, meeting_certain = True, False, True
    if policy is not None:
        for rule in policy.rules:
            due = policy.due(rule, start_latest)
            if "by" in rule and due < start_earliest:
                continue            # a deadline before the commitment began does not bind it
            met = first.get(rule["milestone"])
            if met is not None:
                met_earliest = span(met["date"])[0]
                meeting_certain = meeting_certain and happened(met)
                items.append(item(rule["milestone"], due, True, met["date"], met_earliest > due, False, False))
            else:
                every_met = False
                overdue = day > due
                any_overdue = any_overdue or overdue
                items.append(item(rule["milestone"], due, False, None, False, overdue, False))
        for recurring in policy.every:
            if recurring["after"] not in latest_of:
                continue            # listed once an `after` milestone is in effect
            last = max(latest_of[recurring["after"]], latest_of.get(recurring["milestone"], 0))
            due = add_months(last, recurring["months"])
            overdue = day > due
            any_overdue = any_overdue or overdue
            items.append(item(recurring["milestone"], due, False, None, False, overdue, True))

    certain = happened(c.start) and all(happened(m) for m in c.mergers)
    status, reason, basis, badge = None, None, None, None
    if c.ending:
        status, reason = "ended", c.ending[0]
        certain = certain and happened(c.ending[1])
    elif c.suspension:
        status = "suspended"
        certain = certain and happened(c.suspension)
    elif c.recognition:
        status, basis, badge = "compliant", "recognition", c.recognition["badge"]
        certain = certain and happened(c.recognition)
    elif policy is None:
        status = "no-obligations"
    elif every_met and not any_overdue:
        status, basis, badge = "compliant", "rules", policy.badge
        certain = certain and meeting_certain
    else:
        status = "overdue" if any_overdue else "on-track"

    return {
        "member": c.member,
        "network": c.network,
        "via": c.via,
        "since": c.start["date"],
        "status": status,
        "reason": reason,
        "basis": basis,
        "badge": badge,
        "certain": certain,
        "rules": items,
    }


def item(milestone, due, met, met_on, late, overdue, recurring):
    return {"milestone": milestone, "due": day_text(due), "met": met, "metOn": met_on,
            "late": late, "overdue": overdue, "recurring": recurring}


# ---------------------------------------------------------------------------------------

def status(ledger, as_of, known_at=None):
    lines, head = read_log(ledger)
    events = effective(known([parse_line(line) for line in lines], known_at))
    q = parse_as_of(as_of)

    policies = {}
    for event in events:
        if event["type"] == "policy":
            policies.setdefault(event["network"], []).append(Policy(event))

    ordered = []
    for event in events:
        if event["type"] in STARTS or event["type"] in LIFE or event["type"] in ("merger", "closure"):
            event["_earliest"], event["_latest"] = span(event["date"])
            ordered.append(event)
    ordered.sort(key=lambda e: (e["_earliest"], RANK[e["type"]], e["_latest"], e["seq"]))

    book = Book(ordered, q)

    def row_order(c):
        start = c.start
        return (c.member, c.network, start["_earliest"], RANK[start["type"]], start["_latest"], start["seq"], c.serial)

    rows = [judge(c, q, policies) for c in sorted(book.commitments, key=row_order)]
    return {"head": head, "asOf": day_text(q), "knownAt": known_at, "rows": rows}


def main(argv):
    args = argv[1:]
    options = {}
    positional = []
    while args:
        word = args.pop(0)
        if word in ("--as-of", "--known-at") and args:
            options[word] = args.pop(0)
        elif word.startswith("--"):
            sys.exit("usage: status.py LEDGER_DIR --as-of YYYY-MM-DD [--known-at seq:N|DAY|INSTANT]")
        else:
            positional.append(word)
    if len(positional) != 1 or "--as-of" not in options:
        sys.exit("usage: status.py LEDGER_DIR --as-of YYYY-MM-DD [--known-at seq:N|DAY|INSTANT]")
    result = status(positional[0], options["--as-of"], options.get("--known-at"))
    out = json.dumps(result, ensure_ascii=False, indent=2)
    sys.stdout.write(out + "\n")


if __name__ == "__main__":
    main(sys.argv)
