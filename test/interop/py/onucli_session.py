"""BBF's own vOMCI-side client (bin/onucli.py, run unmodified) against BBF's ONU simulator started
through our wrapper (onusim_server.py): the interop smoke test of the pair, and the source of the
recorded session in test/fixtures/omci/bbf-onucli-session.txt.

Runs each onucli command as its own process (that is how onucli works), with BBF's hex dump (-d)
on, then stops the server with SIGTERM. Prints a transcript on stdout; exits 1 if the server died
or answered nothing, if onucli failed, or if a line BBF logs as an error is not one listed in
KNOWN_BBF_ERRORS (BBF's own decoder bugs, explained in docs/omci-notes.md).

usage: /usr/bin/python3 test/interop/py/onucli_session.py [--onu-id N] [--cterm NAME]
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bbf_peer  # noqa: E402

# onucli decodes upload-next bodies whose last record leaves < 2 bytes of padding and reads past
# the end (upload.py decode loop); extended upload-next bodies trip an assertion in its decoder.
KNOWN_BBF_ERRORS = (
    r"^ERROR:onusim\.types:Not enough bytes in buffer$",
)

# (command, None) must succeed; (command, reason) is a known BBF bug: recorded, not a failure
COMMANDS = (
    (["get", "256", "0"], None),
    (["get", "256", "0", "0xb000"], None),
    (["get", "257", "0", "0xc000"], None),
    (["get", "263", "1", "0x0044"], None),
    (["set", "256", "0", "battery_backup=1"], None),
    (["reset"], None),
    (["upload"], None),
    (["upload-next", "0"], None),
    (["upload-next", "1"], None),
    (["upload-next", "2"], None),
    (["upload-next", "17"], None),
    (["upload-next", "18"], "BBF's priority queue ME defines attribute 13 twice (mibs/priority_queue.py), "
                            "so onucli's decoder asserts on every PQ record carrying it (mib.py:107)"),
    (["--extended", "get", "263", "1", "0x0044"], None),
    (["--extended", "upload"], None),
    (["--extended", "upload-next", "0"], "onucli cannot decode BBF's extended upload-next "
                                         "(same PQ assertion; and BBF's record layout is not G.988's)"),
)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onu-id", type=int, default=1)
    ap.add_argument("--cterm", default="cterm1")
    a = ap.parse_args()
    d = bbf_peer.onusim_dir()
    env = dict(os.environ, PYTHONPATH=d)
    py = "/usr/bin/python3"
    out, failures = [], []
    # the server's log goes to a file: a pipe nobody drains fills up and blocks the server
    errlog = tempfile.TemporaryFile(mode="w+")
    srv = subprocess.Popen([py, os.path.join(HERE, "onusim_server.py"), "-n", a.cterm, "-i", str(a.onu_id)],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errlog, text=True)
    try:
        port = srv.stdout.readline().strip()
        if not port.isdigit():
            raise SystemExit("server did not print its port: %r" % port)
        out.append("# BBF onusim (via test/interop/py/onusim_server.py) on 127.0.0.1:%s, cterm %r, ONU %d"
                   % (port, a.cterm, a.onu_id))
        out.append("# peer: obbaa-onu-simulator %s" % bbf_peer.onusim_source().split()[0])
        with tempfile.TemporaryDirectory() as tmp:
            for i, (cmd, known_bug) in enumerate(COMMANDS):
                opts = [x for x in cmd if x.startswith("--")]
                rest = [x for x in cmd if not x.startswith("--")]
                dump = os.path.join(tmp, "dump%d.txt" % i)
                argv = [py, os.path.join(d, "bin", "onucli.py"), "-a", "127.0.0.1", "-p", port, "-n", a.cterm,
                        "-i", str(a.onu_id), "-t", str(i + 1), "-d", dump] + opts + rest
                r = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=30)
                out.append("")
                out.append("$ onucli.py -a 127.0.0.1 -p PORT -n %s -i %d -t %d %s   (rc %d)"
                           % (a.cterm, a.onu_id, i + 1, " ".join(cmd), r.returncode))
                if known_bug:
                    out.append("  # known BBF bug, not counted: " + known_bug)
                problems = []
                for line in (r.stdout + r.stderr).splitlines():
                    out.append("  " + line)
                    if line.startswith("ERROR") and not any(re.match(p, line) for p in KNOWN_BBF_ERRORS):
                        problems.append("%s: %s" % (" ".join(cmd), line))
                if r.returncode != 0:
                    problems.append("%s: onucli rc %d" % (" ".join(cmd), r.returncode))
                if not known_bug:
                    failures.extend(problems)
                if os.path.exists(dump):
                    with open(dump) as f:
                        out.extend("  | " + line.rstrip("\n") for line in f)
    finally:
        alive = srv.poll() is None
        srv.send_signal(signal.SIGTERM)
        try:
            srv.wait(timeout=10)
        except subprocess.TimeoutExpired:
            srv.kill()
            srv.wait()
        errlog.seek(0)
        err = errlog.read()
    out.append("")
    out.append("# server alive until SIGTERM: %s; exit code %s" % (alive, srv.returncode))
    errs = [ln for ln in err.splitlines() if ln.startswith(("ERROR", "WARNING"))]
    out.append("# server warnings/errors: %d" % len(errs))
    out.extend("  " + ln for ln in errs)
    if not alive or srv.returncode != 0:
        failures.append("server died or exited %s" % srv.returncode)
    print("\n".join(out))
    if failures:
        print("\n# FAILURES\n" + "\n".join("  " + f for f in failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
