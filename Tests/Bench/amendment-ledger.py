#!/usr/bin/env python3
"""A synthetic ledger with (or without) amendments, to time `memberships verify`.

    python3 Tests/Bench/amendment-ledger.py DIR EVENTS [PERMILLE-AMENDMENTS] [SEED]

Writes DIR/Events/ledger.jsonl (canonical lines, chained) and DIR/Snapshots/. The record
is the shape `ledger-bench` builds: 20 networks with a policy each, members joining three of
them with a signature and three milestones. With amendments, about PERMILLE per thousand
lines are corrections and retractions of earlier lines, targets drawn from the whole log
so far, every one valid: a milestone's date or note corrected, a signature moved a year
earlier, a `report` milestone retracted, a member renamed by correction. The log
verifies; each amendment makes the validator re-check what its target touches.
"""
import hashlib
import json
import os
import random
import sys

root, target = sys.argv[1], int(sys.argv[2])
permille = int(sys.argv[3]) if len(sys.argv) > 3 else 0
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
os.makedirs(root + "/Events", exist_ok=True)
os.makedirs(root + "/Snapshots", exist_ok=True)

out = open(root + "/Events/ledger.jsonl", "wb")
prev = "0" * 64
seq = 0
second = 1_767_225_600
# Lines that amendments may target: (id, kind, fields for a valid change).
targets = []
retracted = set()


def recorded():
    import datetime
    return datetime.datetime.fromtimestamp(second + seq // 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def write(event_id, kind, fields):
    """One canonical line: seq, id, type, recorded, the type's fields, prev."""
    global prev, seq
    seq += 1
    obj = {"seq": seq, "id": event_id, "type": kind, "recorded": recorded()}
    obj.update(fields)
    obj["prev"] = prev
    line = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
    out.write(line + b"\n")
    prev = hashlib.sha256(line).hexdigest()


def amend():
    """A valid correction or retraction of an earlier line."""
    while True:
        event_id, kind, info = rng.choice(targets)
        if event_id in retracted:
            continue
        roll = rng.random()
        if kind == "milestone" and info["name"] == "report" and roll < 0.3:
            retracted.add(event_id)
            write(f"amend-{seq + 1}", "retraction", {"target": event_id, "reason": "duplicate"})
        elif kind == "milestone" and info["name"] == "report":
            # Later still: nothing depends on it.
            write(f"amend-{seq + 1}", "correction",
                  {"target": event_id, "set": {"date": f"{info['year'] + 4}-02"}, "reason": "date"})
        elif kind == "milestone":
            write(f"amend-{seq + 1}", "correction",
                  {"target": event_id, "set": {"note": "checked"}, "reason": "note"})
        elif kind == "signature":
            write(f"amend-{seq + 1}", "correction",
                  {"target": event_id, "set": {"date": f"{info['year'] - 1}-03"}, "reason": "date"})
        else:
            write(f"amend-{seq + 1}", "correction",
                  {"target": event_id, "set": {"name": f"City {info['m']} (corrected)"}, "reason": "name"})
        return


write("genesis", "ledger", {"format": 1, "name": "bench"})
for n in range(20):
    write(f"net-{n}", "network", {"network": f"net-{n}", "name": f"Network {n}", "kind": "network"})
    write(f"pol-{n}", "policy", {"network": f"net-{n}", "date": "2000", "title": "rules",
                                 "rules": [{"milestone": "inventory", "within": 12}, {"milestone": "plan", "within": 24}],
                                 "every": [{"milestone": "report", "months": 24, "after": "plan"}], "badge": "compliant"})
m = 0
while seq < target:
    member = f"city-{m}"
    write(f"mem-{m}", "member", {"member": member, "name": f"City {m}", "kind": "city", "country": "FR"})
    targets.append((f"mem-{m}", "member", {"m": m}))
    for k in range(3):
        network = f"net-{(m * 7 + k * 3) % 20}"
        year = 2001 + (m + k) % 15
        pair = {"member": member, "network": network}
        write(f"sig-{m}-{k}", "signature", {**pair, "date": f"{year}-03", "source": "synthetic"})
        targets.append((f"sig-{m}-{k}", "signature", {"year": year}))
        for name, date, y in [("inventory", f"{year}-11", year), ("plan", f"{year + 1}-06-15", year + 1),
                              ("report", f"{year + 3}", year + 3)]:
            write(f"ms-{m}-{k}-{name}", "milestone", {**pair, "date": date, "milestone": name})
            targets.append((f"ms-{m}-{k}-{name}", "milestone", {"name": name, "year": y}))
    m += 1
    while permille and rng.random() < 13 * permille / 1000:
        amend()
out.close()
print(f"{seq} events, {len(retracted)} retractions")
