"""How many OMCI Get requests per second BBF's ONU simulator answers over UDP: the reference figure
for `npm run bench -- omci`. Starts BBF's simulator through onusim_server.py with ONU ids 1..N, then
sends baseline Get ANI-G (instance 1) optical levels (attributes 10 and 14, mask 0x0044) round robin
over the ONUs, keeping W requests outstanding, for D seconds per window size. Every answer is checked
(TCI, AK, result 0, ONU id). Prints one JSON object.

usage: /usr/bin/python3 test/interop/py/onusim_bench.py [--onus N] [--seconds D] [--windows 1,8,64]
"""
import argparse
import json
import os
import selectors
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CTERM = b"bench"


def request(onu, tci):
    return (CTERM.ljust(30, b"\0") + struct.pack(">HHBBHH", onu, tci, 0x49, 0x0A, 263, 1) +
            b"\x00\x44".ljust(32, b"\0") + b"\x00\x00\x00\x28")


def cpu_seconds(pid):
    """utime + stime of a process (/proc/PID/stat fields 14, 15), in seconds: the server's own cost,
    independent of how busy the shared machine is."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(port, onus, window, seconds, pid):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect(("127.0.0.1", port))
    s.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ)
    sent, lat, bad, tci, onu = {}, [], 0, 0, 0
    cpu0 = cpu_seconds(pid)
    t0 = time.perf_counter()
    end = t0 + seconds
    while True:
        now = time.perf_counter()
        while len(sent) < window and now < end:
            tci = tci % 0x7FFF + 1
            onu = onu % onus + 1
            s.send(request(onu, tci))
            sent[tci] = (now, onu)
        if not sent:
            break
        if not sel.select(timeout=2.0):
            raise SystemExit("no answer for 2 s with %d outstanding" % len(sent))
        while True:
            try:
                r = s.recv(2048)
            except BlockingIOError:
                break
            t = time.perf_counter()
            r_onu, r_tci, mt, result = struct.unpack(">H", r[30:32])[0], struct.unpack(">H", r[32:34])[0], r[34], r[40]
            start = sent.pop(r_tci, None)
            if start is None or mt != 0x29 or result != 0 or start[1] != r_onu:
                bad += 1
                continue
            lat.append(t - start[0])
    elapsed = time.perf_counter() - t0
    cpu = cpu_seconds(pid) - cpu0
    s.close()
    lat.sort()

    def pct(p):
        return round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1e3, 3) if lat else None
    return {"window": window, "answered": len(lat), "bad": bad, "seconds": round(elapsed, 3),
            "requests_per_s": round(len(lat) / elapsed, 1), "p50_ms": pct(0.50), "p99_ms": pct(0.99),
            "server_cpu_us_per_request": round(cpu / len(lat) * 1e6, 1) if lat else None,
            "server_capacity_per_cpu_s": round(len(lat) / cpu) if cpu else None}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onus", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--windows", default="1,8,64")
    a = ap.parse_args()
    log = tempfile.TemporaryFile(mode="w+")
    t0 = time.perf_counter()
    srv = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "onusim_server.py"), "-n", CTERM.decode(),
                            "-i", "1", "-I", str(a.onus)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=log, text=True)
    try:
        port = int(srv.stdout.readline())
        startup = time.perf_counter() - t0
        results = [run(port, a.onus, int(w), a.seconds, srv.pid) for w in a.windows.split(",")]
    finally:
        srv.send_signal(signal.SIGTERM)
        srv.wait(timeout=10)
    print(json.dumps({"tool": "BBF obbaa-onu-simulator via onusim_server.py, Python %s" % sys.version.split()[0],
                      "request": "baseline Get ANI-G 1 mask 0x0044", "onus": a.onus,
                      "server_startup_s": round(startup, 2), "server_exit": srv.returncode,
                      "loadavg_1min": os.getloadavg()[0], "cpus": os.cpu_count(),
                      "results": results}, indent=1))
    return 0 if srv.returncode == 0 and all(r["bad"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
