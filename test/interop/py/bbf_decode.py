"""Decode datagrams with the Broadband Forum's own OMCI codec (obbaa_onusim Message.decode): the
"ours decoded by theirs" half of the codec interop test (test/interop/omci-bbf-codec.test.ts).

stdin: one hex datagram per line (TR-451 header + OMCI message, as onusim speaks it).
stdout: one JSON object per line: BBF's decoded fields (bbf_frames.bbf_decode) plus "bbf_log", every
line BBF logged at WARNING or above while decoding it (its decoder logs, rather than raises, on a
wrong length, trailer or device id: message.py:293-324), so the test can require none.

usage: /usr/bin/python3 test/interop/py/bbf_decode.py < datagrams.txt
"""
import json
import logging
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bbf_frames  # noqa: E402  (imports BBF's simulator and its message classes)


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines = []

    def emit(self, record):
        self.lines.append("%s:%s:%s" % (record.levelname, record.name, record.getMessage()))


def main():
    handler = Collect()
    root = logging.getLogger()
    root.setLevel(logging.WARNING)
    root.handlers = [handler]
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        handler.lines = []
        out = bbf_frames.bbf_decode(bytearray.fromhex(line))
        out["bbf_log"] = handler.lines
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
