"""Walk every pointer of an OMCI MIB fixture (test/fixtures/omci/f601-mib.json format) and check that
each resolves to an ME instance that exists, and that every attribute value fits its G.988 size.
The pointer semantics are data in the fixture (pointerRules, each citing its G.988 clause), so the
TypeScript test the issue asks for can apply the same rules to the simulator's MIB upload.

usage: python3 test/interop/py/mib_pointers.py [FIXTURE]   (prints a summary; exit 1 on any problem)
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "..", "fixtures", "omci", "f601-mib.json")


def check_sizes(doc, problems):
    for m in doc["mes"]:
        d = doc["attributeDefs"][str(m["class"])]
        by_name = {a["name"]: a for a in d["attributes"]}
        for name, v in m["attributes"].items():
            a = by_name[name]
            where = "%d/0x%04x %s" % (m["class"], m["instance"], name)
            if a.get("table"):
                if not isinstance(v, list):
                    problems.append("%s: table attribute is not a list" % where)
                for row in v:
                    if isinstance(row, str) and len(row) != 2 * a["size"]:
                        problems.append("%s: row of %d bytes, G.988 row size %d" % (where, len(row) // 2, a["size"]))
            elif isinstance(v, int):
                lo, hi = -(1 << (8 * a["size"] - 1)), (1 << (8 * a["size"])) - 1
                if not lo <= v <= hi:
                    problems.append("%s: %d does not fit %d bytes" % (where, v, a["size"]))
            elif isinstance(v, str):
                is_hex = len(v) == 2 * a["size"] and all(c in "0123456789abcdef" for c in v)
                if not is_hex and len(v.encode()) > a["size"]:
                    problems.append("%s: %r longer than %d bytes" % (where, v, a["size"]))


def resolve(doc, problems):
    index = {(m["class"], m["instance"]): m for m in doc["mes"]}
    onu_g = index.get((256, 0), {"attributes": {}})["attributes"]
    gem_ports = {m["attributes"]["portId"] for m in doc["mes"] if m["class"] == 268}
    checked = 0

    def need(src, what, cls, inst):
        nonlocal checked
        checked += 1
        if (cls, inst) not in index:
            problems.append("%d/0x%04x %s -> %d/0x%04x: no such ME" % (src["class"], src["instance"], what, cls, inst))

    for rule in doc["pointerRules"]:
        for m in (x for x in doc["mes"] if x["class"] == rule["class"]):
            a = m["attributes"]
            if rule.get("implicit") == "meId":
                target = rule.get("target")
                if "targetBy" in rule:
                    target = rule["map"][str(a[rule["targetBy"]])]
                need(m, "ME id", target, m["instance"])
                continue
            if rule.get("implicit") == "slot":
                need(m, "slot", 5, 0x0100 | (m["instance"] >> 8))
                continue
            if rule.get("implicit") == "softwareImageOwner":
                owner = m["instance"] >> 8
                if owner == 0:
                    need(m, "owner", 256, 0)
                else:
                    need(m, "owner", 6, 0x0100 | owner)
                continue
            name = rule["attr"]
            if name not in a:
                continue  # optional attribute the ONU does not support
            v = a[name]
            if "gemPortIdInRowBytes" in rule:
                s, e = rule["gemPortIdInRowBytes"]
                for row in v:
                    checked += 1
                    port = int(row[2 * s:2 * e], 16)
                    if port not in gem_ports:
                        problems.append("%d/0x%04x %s: GEM port %d has no GEM port network CTP"
                                        % (m["class"], m["instance"], name, port))
                continue
            if v in rule.get("null", []):
                continue
            null_when = rule.get("nullWhen", {})
            if any(a.get(k) in vals for k, vals in null_when.items()):
                continue
            if rule.get("high16"):
                v = v >> 16
                target = rule["targetByMeIdMsb"]["1" if m["instance"] & 0x8000 else "0"]
            elif "targetBy" in rule:
                target = rule["map"].get(str(a[rule["targetBy"]]), "unmapped")
                if target is None:
                    continue  # e.g. a bridging 802.1p mapper: tpPointer unused
                if target == "unmapped":
                    problems.append("%d/0x%04x %s: %s=%s has no rule" % (m["class"], m["instance"], name,
                                                                          rule["targetBy"], a[rule["targetBy"]]))
                    continue
            elif "targetByOnuG" in rule:
                (k, mapping), = rule["targetByOnuG"].items()
                target = mapping[str(onu_g[k])]
            else:
                target = rule["target"]
            need(m, name, target, v)
    return checked


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    with open(path) as f:
        doc = json.load(f)
    problems = []
    check_sizes(doc, problems)
    checked = resolve(doc, problems)
    classes = sorted({m["class"] for m in doc["mes"]})
    print(json.dumps({"fixture": os.path.relpath(path), "mes": len(doc["mes"]), "classes": classes,
                      "pointersChecked": checked, "problems": problems}, indent=1))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
