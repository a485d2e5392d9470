"""The Broadband Forum's TR-451 ONU simulator without its REST part.

BBF's bin/onusim.py imports obbaa_onusim.rest_api, which needs `sanic` (not installable here), and
serves forever with no clean exit. This wrapper does what onusim.py does for OMCI -- one
obbaa_onusim.endpoint.Endpoint(is_server=True), then recv -> process -> send
(bin/onusim.py:116-138) -- plus what a test harness needs:

  * port 0 = ephemeral; the bound port is the FIRST line on stdout (then flushed);
  * SIGTERM / SIGINT / stdin EOF-free shutdown: close the socket and exit 0;
  * a guard for message types BBF has not registered. BBF's Message._create logs
    'UNKNOWN ENTITY: (ar, ak, mt)' and SIGTERMs its own process (obbaa_onusim/message.py:344-348):
    that is how a Reboot (mt 25) "crashed" it. `--unsupported` chooses what we do instead:
      not-supported  (default) answer an AR request with result 0b0010 "command not supported"
                     (G.988 §11.2.4 result codes), built here, and never hand it to BBF;
      drop           log and do not answer (the requester times out);
      pass           hand it to BBF unchanged: BBF kills itself; we exit with code 3 and say so.
  * a stdin command channel, one command per line, answered with one JSON line on stdout:
      alarm ONU_ID CLASS INSTANCE BITMAP_HEX SEQ [TCI] [ext]
          the same as onusim.py's interactive `alarm` command (bin/onusim.py:70-94, 166-176):
          BBF's Alarm message updates BBF's alarm state (Get all alarms sees it) and is sent to the
          address of the last request received (BBF sends alarms only to a peer it has heard from).
          TCI defaults to 0 (G.988 §11.2.1: ONU-originated notifications); onusim.py uses 0x0059.
      stats      -> {"received": n, "answered": n, "unsupported": n, "errors": n}
  * exceptions raised inside BBF's code while processing one datagram are logged as
    'onusim_server: BBF raised ...' and the server keeps serving (onusim.py's thread would die).

It never modifies BBF's files and does not patch its modules.

usage: onusim_server.py [-a ADDR] [-p PORT] [-n CTERM] [-i FIRST] [-I LAST] [--extended]
                        [--unsupported not-supported|drop|pass] [-d DUMPFILE] [-l 0|1|2]
Run with Debian's /usr/bin/python3.
"""
import argparse
import json
import logging
import os
import selectors
import signal
import socket
import sys

if __name__ == "__main__":
    # a SIGTERM while BBF's modules load (seconds; minutes for thousands of ONUs) ends us at once
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    # and a SIGTERM when the process that started us dies without stopping us (a crashed test or
    # bench): Linux prctl(PR_SET_PDEATHSIG); no server may outlive its test (HELPERS.md)
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
        if os.getppid() == 1:
            os._exit(0)  # the parent died before prctl took effect
    except (OSError, AttributeError):
        pass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bbf_peer  # noqa: E402

bbf_peer.import_onusim()
from obbaa_onusim import endpoint as bbf_endpoint  # noqa: E402
from obbaa_onusim import util as bbf_util  # noqa: E402
from obbaa_onusim.message import Message  # noqa: E402
from obbaa_onusim.actions.alarm import Alarm  # noqa: E402

log = logging.getLogger("onusim_server")

TR451_HEADER = 32          # 30-byte NUL-padded cterm name + 2-byte ONU id (message.py:199-204)
CMD_NOT_SUPPORTED = 0b0010  # G.988 §11.2.4 result code


class Stop(BaseException):
    """Raised from the signal handler so a blocking call unwinds at once."""


def parse_args(argv):
    p = argparse.ArgumentParser(prog="onusim_server", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-a", "--address", default="127.0.0.1", help="bind address; default 127.0.0.1")
    p.add_argument("-p", "--port", type=int, default=0, help="UDP port; 0 (default) = ephemeral")
    p.add_argument("-n", "--ctermname", default="cterm", help="channel termination name; default 'cterm'")
    p.add_argument("-i", "--onuidfirst", type=int, default=42, help="first ONU id; default 42 (BBF's)")
    p.add_argument("-I", "--onuidlast", type=int, default=None, help="last ONU id; default = first")
    p.add_argument("-e", "--extended", action="store_true",
                   help="accepted for parity with onusim.py; BBF answers baseline AND extended "
                        "requests either way (each response mirrors its request's device id) and "
                        "its ONU2-G OMCC version is always 0xB4 (database.py:65-69)")
    p.add_argument("--unsupported", choices=("not-supported", "drop", "pass"), default="not-supported",
                   help="what to do with message types BBF has not registered (see above)")
    p.add_argument("-d", "--dumpfile", default=None, help="BBF's hex dump of every message")
    p.add_argument("-l", "--loglevel", type=int, default=0, choices=(0, 1, 2),
                   help="0 = warnings+errors, 1 = info, 2 = debug (BBF's levels)")
    a = p.parse_args(argv)
    if a.onuidlast is None:
        a.onuidlast = a.onuidfirst
    if not (0 <= a.onuidfirst <= a.onuidlast <= 0xFFFF):
        p.error("ONU id range %d..%d invalid" % (a.onuidfirst, a.onuidlast))
    if len(a.ctermname.encode("utf-8")) > 30:
        p.error("channel termination name longer than 30 bytes")
    return a


def not_supported_response(buf):
    """G.988 response to a request the ONU does not implement: same TCI, class, instance and device
    id, AK set, AR clear, result 0b0010. Baseline: 32-byte contents + trailer 00 00 00 28 (no CRC on
    this transport); extended: 2-byte length 1 + the result byte."""
    hdr = bytearray(buf[:TR451_HEADER + 8])
    hdr[TR451_HEADER + 2] = (hdr[TR451_HEADER + 2] & 0x1F) | 0x20
    if buf[TR451_HEADER + 3] == 0x0B:
        return bytes(hdr) + b"\x00\x01" + bytes([CMD_NOT_SUPPORTED])
    return bytes(hdr) + bytes([CMD_NOT_SUPPORTED]) + bytes(31) + b"\x00\x00\x00\x28"


class Server:
    def __init__(self, args):
        self.args = args
        self.dumpfd = bbf_util.openfile(args.dumpfile)
        self.onu_ids = range(args.onuidfirst, args.onuidlast + 1)
        # BBF's own endpoint: it binds in its constructor and builds one MIB database per ONU id
        self.ep = bbf_endpoint.Endpoint((args.address, args.port), is_server=True,
                                        cterm_name=args.ctermname, onu_id_range=self.onu_ids,
                                        dumpfd=self.dumpfd)
        self.sock = self.ep._sock  # BBF offers no accessor; we only read its name and peek/poll it
        self.peer = None
        # true while BBF handles a message type it has not registered (only with --unsupported pass)
        self.unregistered_in_bbf = False
        self.stats = {"received": 0, "answered": 0, "unsupported": 0, "errors": 0}

    def port(self):
        return self.sock.getsockname()[1]

    def registered(self, buf):
        t = buf[TR451_HEADER + 2]
        key = (t & 0x40 != 0, t & 0x20 != 0, t & 0x1F)
        return key in Message._class_for_type, key

    def on_datagram(self):
        buf, addr = self.sock.recvfrom(4096, socket.MSG_PEEK)
        self.stats["received"] += 1
        self.peer = addr
        if len(buf) < TR451_HEADER + 8:
            self.sock.recvfrom(4096)
            self.stats["errors"] += 1
            log.error("datagram of %d bytes from %r is shorter than the TR-451 header + OMCI header; dropped",
                      len(buf), addr)
            return
        ok, key = self.registered(buf)
        if not ok and self.args.unsupported != "pass":
            self.sock.recvfrom(4096)
            self.stats["unsupported"] += 1
            ar = buf[TR451_HEADER + 2] & 0x40
            log.warning("message type %#04x (ar, ak, mt)=%r is not implemented by BBF's simulator; %s",
                        buf[TR451_HEADER + 2], key,
                        "answered 'command not supported'" if ar and self.args.unsupported == "not-supported"
                        else "dropped")
            if ar and self.args.unsupported == "not-supported":
                self.sock.sendto(not_supported_response(buf), addr)
                self.stats["answered"] += 1
            return
        # exactly bin/onusim.py's process(): recv -> process -> send
        self.unregistered_in_bbf = not ok
        try:
            message, address = self.ep.recv()
            log.info("received %r from %r", message, address)
            response = self.ep.process(message)
            if response:
                self.ep.send(response, address)
                self.stats["answered"] += 1
                log.info("sent %r to %r", response, address)
        except Stop:
            raise
        except Exception as e:  # BBF's own bugs must not take the harness down
            self.stats["errors"] += 1
            log.error("onusim_server: BBF raised %s: %s", e.__class__.__name__, e)
        finally:
            self.unregistered_in_bbf = False

    def on_command(self, line):
        words = line.split()
        if not words:
            return
        try:
            if words[0] == "stats":
                out = dict(self.stats)
            elif words[0] == "alarm":
                out = self.alarm(words[1:])
            else:
                out = {"error": "unknown command %r" % words[0]}
        except (ValueError, IndexError) as e:
            out = {"error": "%s: %s" % (e.__class__.__name__, e)}
        print(json.dumps(out), flush=True)

    def alarm(self, w):
        onu_id, me_class, me_inst = int(w[0], 0), int(w[1], 0), int(w[2], 0)
        bitmap = int(w[3], 16).to_bytes(28, "big")
        seq = int(w[4], 0)
        tci = int(w[5], 0) if len(w) > 5 and w[5] != "ext" else 0
        extended = "ext" in w[5:]
        if onu_id not in self.onu_ids:
            return {"error": "ONU id %d not simulated" % onu_id}
        if self.peer is None:
            return {"error": "no peer yet: BBF sends alarms to the last requester"}
        msg = Alarm(me_class=me_class, me_inst=me_inst, bitmap=bitmap, seqNum=seq,
                    cterm_name=self.args.ctermname, onu_id=onu_id, type_ar=0, tci=tci, extended=extended)
        self.ep.process(msg)                         # BBF: database.set_alarm (alarm.py:128-130)
        self.ep.sendalarm(msg, me_class, self.peer)  # BBF: endpoint.py:167-177
        return {"alarm": {"onu": onu_id, "class": me_class, "instance": me_inst, "seq": seq,
                          "tci": tci, "extended": extended}, "to": list(self.peer)}

    def serve(self):
        sel = selectors.DefaultSelector()
        sel.register(self.sock, selectors.EVENT_READ, "udp")
        if not sys.stdin.closed and not sys.stdin.isatty():
            try:
                sel.register(sys.stdin, selectors.EVENT_READ, "stdin")
            except PermissionError:
                pass  # a regular file such as /dev/null cannot be polled: no command channel
        while True:
            for key, _ in sel.select():
                if key.data == "udp":
                    self.on_datagram()
                else:
                    line = sys.stdin.readline()
                    if line == "":
                        sel.unregister(sys.stdin)  # EOF on commands: keep serving OMCI
                    else:
                        self.on_command(line)

    def close(self):
        self.sock.close()
        if self.dumpfd:
            self.dumpfd.close()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level={0: logging.WARN, 1: logging.INFO, 2: logging.DEBUG}[args.loglevel],
                        stream=sys.stderr, format="%(levelname)s:%(name)s:%(message)s")
    state = {"self_kill": False, "server": None}

    def on_signal(signum, _frame):
        # BBF's Message._create SIGTERMs its own process on an unknown message type; with
        # --unsupported pass that arrives while BBF handles such a message.
        srv = state["server"]
        state["self_kill"] = signum == signal.SIGTERM and srv is not None and srv.unregistered_in_bbf
        raise Stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        server = state["server"] = Server(args)  # binds, then builds one MIB per ONU id
        print(server.port(), flush=True)
        log.info("serving cterm %r ONU ids %d..%d on %s:%d (BBF %s)", args.ctermname, args.onuidfirst,
                 args.onuidlast, args.address, server.port(), bbf_peer.onusim_source().split()[0])
        server.serve()
    except Stop:
        pass
    finally:
        if state["server"] is not None:
            state["server"].close()
    if state["self_kill"]:
        log.error("BBF's simulator terminated itself (obbaa_onusim/message.py:348 os.kill SIGTERM)")
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
