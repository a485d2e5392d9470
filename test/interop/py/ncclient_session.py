"""ncclient against the simulated OLT (issue 4, interop): open a session, read get-config, edit the
candidate under a lock, validate, confirmed commit + confirming commit, and report what it saw as
one JSON object on stdout. Run with Debian's /usr/bin/python3 (python3-ncclient).

usage: ncclient_session.py PORT USER PASSWORD DESCRIPTION
"""
import json
import sys

from ncclient import manager
from ncclient.operations import RPCError

NS = "urn:ponctl:params:xml:ns:yang:ponctl-olt"


def main():
    port, user, password, description = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    out = {}
    with manager.connect(host="127.0.0.1", port=int(port), username=user, password=password,
                         hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=30) as m:
        out["session_id"] = m.session_id
        out["capabilities"] = sorted(m.server_capabilities)
        reply = m.get_config(source="running")
        out["running_xml_len"] = len(reply.data_xml)
        serials = reply.data.xpath("//o:v-ani/o:expected-serial/text()", namespaces={"o": NS})
        out["serials"] = list(serials)
        filt = ('<olt xmlns="%s"><channel-terminations><channel-termination><name>1/1/1</name>'
                '<v-ani><onu-id>1</onu-id><description/></v-ani></channel-termination></channel-terminations></olt>' % NS)
        reply = m.get_config(source="running", filter=("subtree", filt))
        out["filtered_description"] = reply.data.xpath("//o:description/text()", namespaces={"o": NS})
        with m.locked("candidate"):
            m.edit_config(target="candidate", config=(
                '<config><olt xmlns="%s"><channel-terminations><channel-termination><name>1/1/1</name>'
                '<v-ani><onu-id>1</onu-id><description>%s</description></v-ani>'
                '</channel-termination></channel-terminations></olt></config>' % (NS, description)))
            # an error the server must report as data-exists (RFC 6241 App. A)
            try:
                m.edit_config(target="candidate", config=(
                    '<config><olt xmlns="%s" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0">'
                    '<channel-terminations><channel-termination><name>1/1/1</name>'
                    '<v-ani nc:operation="create"><onu-id>1</onu-id></v-ani>'
                    '</channel-termination></channel-terminations></olt></config>' % NS))
                out["create_error"] = None
            except RPCError as e:
                out["create_error"] = {"tag": e.tag, "type": e.type, "path": e.path}
            m.validate(source="candidate")
            m.commit(confirmed=True, timeout="30")
            m.commit()
        reply = m.get(filter=("subtree", '<olt-state xmlns="%s"/>' % NS))
        out["phases"] = list(reply.data.xpath("//o:v-ani/o:phase/text()", namespaces={"o": NS}))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
