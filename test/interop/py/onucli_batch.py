"""BBF's `bin/onucli.py`, unmodified, run once per command in ONE Python process: the vOMCI side of
the interop test against the lab's ONUs (test/interop/omci-onucli-lab.test.ts).

onucli does one OMCI exchange per invocation (`main(argv)`, bin/onucli.py:174) and Python's start-up
plus BBF's imports cost ~0.4 s, so a full MIB upload (~190 upload-nexts) as separate processes takes
minutes on a shared machine. This script loads onucli.py as a module and calls its own `main()` with
each command's argv, exactly as `onucli.py ARGS...` would run, and reports what onucli logged.

stdin: one JSON array per line, the onucli arguments (e.g. ["-p", "4000", "-n", "ct-1.1.1", "-i", "1",
       "get", "256", "0", "0xb000"]).
stdout: one JSON object per line:
  {"argv": [...], "raised": null | "AssertionError: ...",   (what onucli re-raised: onucli.py:255-261)
   "log": ["LEVEL:logger:message", ...],                     (everything logged at INFO or above)
   "response": {"type": "GetResponse", "fields": {...}} | null}
  `response` is onucli's own `received response %r` line (onucli.py:238), its repr parsed back into
  values with ast.literal_eval; null when onucli received or decoded nothing.
With --model, the first line is BBF's ME model as its decoder uses it (obbaa_onusim/mib.py `mibs`):
  {"bbf_mibs": {"CLASS": [{"number": n, "name": s, "size": bytes, "kind": "Number"|"Enum"|..., 
                           "values": k (Enum/Bits: how many names)}, ...]}}
so a test can predict which records BBF's decoder cannot read, and why.

usage: /usr/bin/python3 test/interop/py/onucli_batch.py [--model] < commands.jsonl
"""
import ast
import importlib.util
import json
import logging
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bbf_peer  # noqa: E402

ONUCLI = os.path.join(bbf_peer.onusim_dir(), "bin", "onucli.py")
RECEIVED = re.compile(r"^received response (\w+)\((.*)\) from \(.*\)$", re.S)


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def split_top(s):
    """Split `a=1, b=('x', 2), c='y, z'` at top-level commas."""
    out, depth, quote, cur = [], 0, None, []
    for ch in s:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
            cur.append(ch)
        elif ch in "([{":
            depth += 1
            cur.append(ch)
        elif ch in ")]}":
            depth -= 1
            cur.append(ch)
        elif ch == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        out.append("".join(cur).strip())
    return out


def parse_response(text):
    m = RECEIVED.match(text)
    if not m:
        return None
    fields = {}
    for item in split_top(m.group(2)):
        key, _, value = item.partition("=")
        try:
            v = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            v = value
        fields[key] = list(v) if isinstance(v, tuple) else v
    return {"type": m.group(1), "fields": fields}


def load_onucli():
    sys.argv = [ONUCLI]  # onucli names its logger after argv[0] (onucli.py:71-73)
    spec = importlib.util.spec_from_file_location("onucli", ONUCLI)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def bbf_model():
    from obbaa_onusim.mib import mibs
    out = {}
    for number, mib in mibs.items():
        attrs = []
        for a in mib._attrs:  # BBF offers no public accessor for the attribute list
            data = a._data
            item = {"number": a.number, "name": a.name, "size": sum(d._size for d in data),
                    "kind": data[0].__class__.__name__ if len(data) == 1 else "Tuple"}
            if len(data) == 1 and hasattr(data[0], "_values") and data[0]._values is not None:
                item["values"] = len(data[0]._values)
            attrs.append(item)
        out[str(number)] = attrs
    return out


def main():
    model = "--model" in sys.argv[1:]
    bbf_peer.import_onusim()
    onucli = load_onucli()
    if model:
        print(json.dumps({"bbf_mibs": bbf_model()}), flush=True)
    handler = Collect()
    root = logging.getLogger()
    root.handlers = [handler]  # onucli's basicConfig then adds nothing (a handler exists)
    root.setLevel(logging.INFO)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        args = json.loads(line)
        handler.records = []
        raised = None
        try:
            onucli.main([ONUCLI] + args)
        except BaseException as e:  # onucli re-raises some exceptions; SystemExit on bad usage
            raised = "%s: %s" % (e.__class__.__name__, e)
        log = ["%s:%s:%s" % (r.levelname, r.name, r.getMessage().splitlines()[0]) for r in handler.records]
        response = None
        for r in handler.records:
            response = response or parse_response(r.getMessage())
        print(json.dumps({"argv": args, "raised": raised, "log": log, "response": response},
                         default=lambda b: b.hex() if isinstance(b, (bytes, bytearray)) else repr(b)), flush=True)


if __name__ == "__main__":
    main()
