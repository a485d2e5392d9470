"""Locate and import the Broadband Forum's ONU simulator (obbaa-onu-simulator, Apache-2.0), which
lives unmodified in <shared>/peers/obbaa-onu-simulator. Shared by onusim_server.py, bbf_frames.py
and the probe scripts. Run everything under Debian's /usr/bin/python3 (3.11).

The shared folder is found as the TypeScript tests find it (HELPERS.md): $PONCTL_SHARED_DIR, else
<repo>/../shared, else /work/shared. $ONUSIM_DIR overrides the simulator folder itself.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def shared_dir():
    env = os.environ.get("PONCTL_SHARED_DIR")
    for cand in ([env] if env else []) + [os.path.join(REPO, "..", "shared"), "/work/shared"]:
        if cand and os.path.isdir(cand):
            return os.path.abspath(cand)
    raise SystemExit("bbf_peer: no shared folder (set PONCTL_SHARED_DIR)")


def onusim_dir():
    d = os.environ.get("ONUSIM_DIR") or os.path.join(shared_dir(), "peers", "obbaa-onu-simulator")
    if not os.path.isfile(os.path.join(d, "obbaa_onusim", "endpoint.py")):
        raise SystemExit("bbf_peer: BBF ONU simulator not found in %s" % d)
    return d


def onusim_source():
    """The upstream commit the copy was taken from (its SOURCE file), for provenance in outputs."""
    with open(os.path.join(onusim_dir(), "SOURCE"), encoding="utf-8") as f:
        return f.read().strip()


def import_onusim():
    """Put the simulator on sys.path and import it. Importing database instantiates every ME
    definition (mibs/*.py register themselves in mib.mibs and their actions in Message)."""
    d = onusim_dir()
    if d not in sys.path:
        sys.path.insert(0, d)
    import obbaa_onusim.database  # noqa: F401  (registers MEs and message types)
    import obbaa_onusim.endpoint  # noqa: F401
    import obbaa_onusim.actions.get  # noqa: F401
    import obbaa_onusim.actions.set  # noqa: F401
    import obbaa_onusim.actions.reset  # noqa: F401
    import obbaa_onusim.actions.upload  # noqa: F401
    import obbaa_onusim.actions.create  # noqa: F401
    import obbaa_onusim.actions.delete  # noqa: F401
    import obbaa_onusim.actions.alarm  # noqa: F401
    import obbaa_onusim.actions.get_all_alarms  # noqa: F401
    return d
