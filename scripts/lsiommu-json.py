#!/usr/bin/env python3
"""lsiommu-json.py TAP: check the JSON documents lsiommu printed in the
guest (lines "# json NAME: TEXT" of its test's TAP output). Each must parse
and have the documented shape. The document named "live" (the guest's own
groups) is printed as "H group ID TYPE DEVS" and "H reason ID DEV WHY REL"
lines, which compare.sh checks against the topology. Exit 1 on any
problem, with a message on stderr."""
import json
import sys

docs = {}
with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
    for line in f:
        if line.startswith("# json "):
            name, _, text = line[len("# json "):].partition(": ")
            docs.setdefault(name, []).append(text.rstrip("\n"))
if not docs:
    sys.exit("no JSON documents in " + sys.argv[1])

DEVICE_KEYS = {"name", "present", "vendor", "device", "class", "driver",
               "reason", "related"}
for name, lines in docs.items():
    try:
        doc = json.loads("\n".join(lines))
    except ValueError as e:
        sys.exit("%s: JSON does not parse: %s" % (name, e))
    groups = doc.get("groups")
    if not isinstance(groups, list):
        sys.exit("%s: no groups list" % name)
    for g in groups:
        if not isinstance(g.get("id"), int) or not isinstance(g.get("devices"), list):
            sys.exit("%s: group without an id or devices: %r" % (name, g))
        if g.get("assignable") is not (g.get("blocker") is None):
            sys.exit("%s: group %d: assignable and blocker disagree" % (name, g["id"]))
        for d in g["devices"]:
            if set(d) != DEVICE_KEYS:
                sys.exit("%s: group %d: device keys %s" % (name, g["id"], sorted(d)))
    if name == "live":
        for g in groups:
            print("H group %d %s %s" % (g["id"], g["type"] or "-",
                                         " ".join(d["name"] for d in g["devices"])))
            for d in g["devices"]:
                if d["reason"]:
                    print("H reason %d %s %s %s" % (g["id"], d["name"], d["reason"],
                                                    d["related"] or "-"))
