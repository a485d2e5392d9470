"""The ME instances BBF's ONU simulator holds for one ONU (obbaa_onusim.database.Database, as its
endpoint builds it: database.py:280-300), as JSON [[class, instance], ...] sorted: what a complete
MIB upload from that ONU must contain (test/interop/omci-client-bbf-onusim.test.ts).

usage: /usr/bin/python3 test/interop/py/bbf_mib_keys.py [ONU_ID]
"""
import json
import logging
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bbf_peer  # noqa: E402

bbf_peer.import_onusim()
from obbaa_onusim.database import Database  # noqa: E402

logging.basicConfig(level=logging.WARNING)
onu_id = int(sys.argv[1]) if len(sys.argv) > 1 else 1
db = Database(range(onu_id, onu_id + 1))
print(json.dumps(sorted([c, i] for (c, i) in db._instances[onu_id])))  # BBF offers no accessor
