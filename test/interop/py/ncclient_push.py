"""Reference client for the provisioning benchmark (design section 10): ncclient pushes a list of
edit-configs to a NETCONF server, each followed by a commit (optionally a confirmed commit and its
confirming commit), and reports the time taken as JSON on stdout.

usage: ncclient_push.py PORT USER PASSWORD EDITS_FILE [--confirmed] [--batch N]
EDITS_FILE: one edit per line, each the <olt> element (e.g. from editToXml) as a JSON string.
--batch N commits after every N edits instead of after each one.
"""
import json
import sys
import time

from ncclient import manager


def main():
    port, user, password, path = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    confirmed = "--confirmed" in sys.argv
    batch = int(sys.argv[sys.argv.index("--batch") + 1]) if "--batch" in sys.argv else 1
    with open(path) as f:
        edits = [json.loads(line) for line in f if line.strip()]
    with manager.connect(host="127.0.0.1", port=int(port), username=user, password=password,
                         hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=120) as m:
        start = time.perf_counter()
        for i, olt in enumerate(edits, 1):
            m.edit_config(target="candidate", config="<config>%s</config>" % olt)
            if i % batch == 0 or i == len(edits):
                if confirmed:
                    m.commit(confirmed=True, timeout="120")
                m.commit()
        seconds = time.perf_counter() - start
    print(json.dumps({"edits": len(edits), "seconds": seconds, "per_edit_ms": 1000 * seconds / max(1, len(edits))}))


if __name__ == "__main__":
    main()
