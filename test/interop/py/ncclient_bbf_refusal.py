"""ncclient (Debian's python3-ncclient) sends an edit an OLT speaking the BBF models must refuse
(issue 12): lock candidate, edit-config (merge) of CONFIG_FILE, commit; the rpc-error it gets is
reported as ncclient decodes it; then discard-changes, unlock, and running before/after. Run with
/usr/bin/python3.

usage: ncclient_bbf_refusal.py PORT USER PASSWORD CONFIG_FILE
Prints one JSON object on stdout: {"step": "edit"|"commit"|null, "error": [{type, tag, app_tag,
path, message, severity}, ...]|null, "running_unchanged": bool}
"""
import json
import sys

from ncclient import manager
from ncclient.operations import RPCError


def one(e):
    return {"type": e.type, "tag": e.tag, "app_tag": e.app_tag, "path": (e.path or "").strip(),
            "message": (e.message or "").strip(), "severity": e.severity}


def error_of(e):
    """Every rpc-error of the reply (ncclient folds several into one RPCError with .errors)."""
    errs = getattr(e, "errors", None) or [e]
    return [one(x) for x in errs]


def main():
    port, user, password, config_file = sys.argv[1:5]
    with open(config_file) as f:
        body = f.read()
    out = {"step": None, "error": None}
    with manager.connect(host="127.0.0.1", port=int(port), username=user, password=password,
                         hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=120) as m:
        before = m.get_config(source="running").data_xml
        with m.locked("candidate"):
            try:
                m.edit_config(target="candidate", config="<config>%s</config>" % body, default_operation="merge")
                try:
                    m.commit()
                except RPCError as e:
                    out["step"], out["error"] = "commit", error_of(e)
            except RPCError as e:
                out["step"], out["error"] = "edit", error_of(e)
            m.discard_changes()
        after = m.get_config(source="running").data_xml
        out["running_unchanged"] = before == after
    print(json.dumps(out))


if __name__ == "__main__":
    main()
