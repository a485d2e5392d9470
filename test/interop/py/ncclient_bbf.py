"""ncclient (Debian's python3-ncclient, a NETCONF client no one here wrote) against an OLT speaking the
Broadband Forum models (issue 12). Run with /usr/bin/python3.

usage:
  ncclient_bbf.py PORT USER PASSWORD running OUT_DIR
      get-config of running (whole) -> OUT_DIR/running.xml (the <data> content);
      the YANG library (<get-data> on ds:operational, RFC 8526; <get> without NMDA) -> OUT_DIR/library.xml
  ncclient_bbf.py PORT USER PASSWORD provision CONFIG_FILE
      by hand: lock candidate, edit-config (merge) of CONFIG_FILE (BBF top-level containers),
      validate, confirmed commit + confirming commit, unlock
Prints one JSON object on stdout.
"""
import json
import sys

from lxml import etree
from ncclient import manager
from ncclient.xml_ import to_ele

NMDA = "urn:ietf:params:xml:ns:yang:ietf-netconf-nmda"
YLIB = "urn:ietf:params:xml:ns:yang:ietf-yang-library"


def inner(data_ele):
    return "".join(etree.tostring(c, encoding="unicode") for c in data_ele)


def modules_state(data):
    """yanglint -Y wants /modules-state beside /yang-library (libyang 2.1): the same module set, RFC 7895 form."""
    if data.find("{%s}yang-library" % YLIB) is None:
        return ""
    out = ['<modules-state xmlns="%s"><module-set-id>from-yang-library</module-set-id>' % YLIB]
    for tag, conf in (("module", "implement"), ("import-only-module", "import")):
        for mod in data.iter("{%s}%s" % (YLIB, tag)):
            get = lambda n: [e.text for e in mod.findall("{%s}%s" % (YLIB, n))]
            out.append("<module><name>%s</name><revision>%s</revision><namespace>%s</namespace>%s"
                       "<conformance-type>%s</conformance-type></module>" % (
                           get("name")[0], (get("revision") or [""])[0], get("namespace")[0],
                           "".join("<feature>%s</feature>" % f for f in get("feature")), conf))
    out.append("</modules-state>")
    return "".join(out)


def main():
    port, user, password, cmd, arg = sys.argv[1:6]
    out = {}
    with manager.connect(host="127.0.0.1", port=int(port), username=user, password=password,
                         hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=120) as m:
        out["session_id"] = m.session_id
        if cmd == "running":
            reply = m.get_config(source="running")
            with open("%s/running.xml" % arg, "w") as f:
                f.write(inner(reply.data_ele))
            if any(c.startswith("urn:ietf:params:netconf:capability:yang-library:1.1") for c in m.server_capabilities):
                rpc = to_ele('<get-data xmlns="%s" xmlns:ds="urn:ietf:params:xml:ns:yang:ietf-datastores">'
                             '<datastore>ds:operational</datastore><subtree-filter><yang-library xmlns="%s"/>'
                             '</subtree-filter></get-data>' % (NMDA, YLIB))
                lib = m.dispatch(rpc)
                data = etree.fromstring(lib.xml.encode()).xpath("//*[local-name()='data']")[0]
            else:
                data = m.get(filter=("subtree", '<modules-state xmlns="%s"/>' % YLIB)).data_ele
            with open("%s/library.xml" % arg, "w") as f:
                f.write(inner(data) + modules_state(data))
            out["running_bytes"] = len(reply.data_xml)
        elif cmd == "provision":
            with open(arg) as f:
                body = f.read()
            with m.locked("candidate"):
                m.discard_changes()
                m.edit_config(target="candidate", config="<config>%s</config>" % body, default_operation="merge")
                m.validate(source="candidate")
                m.commit(confirmed=True, timeout="60")
                m.commit()
            out["ok"] = True
    print(json.dumps(out))


if __name__ == "__main__":
    main()
