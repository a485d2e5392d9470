"""Golden OMCI frames as the Broadband Forum's ONU simulator (obbaa-onu-simulator) encodes them.

Every request below is built with BBF's own message classes (obbaa_onusim/actions/*.py) and encoded
by BBF's Message.encode; every response is what BBF's server side produces for it: the request bytes
are decoded by BBF's Message.decode and processed by BBF's Database, exactly as Endpoint.process
does (obbaa_onusim/endpoint.py:124-151), minus the socket. Each response is decoded again by BBF's
client-side decoder to give BBF's own reading of the bytes.

Prints one JSON document on stdout (test/fixtures/omci/bbf-frames.json is this output):
  vectors[]        one request or response each: datagram hex (TR-451 header + OMCI, what travels
                   over the simulator's UDP), omci hex (no header), for baseline frames the 48-byte
                   G-PON frame with the AAL5 CRC-32 we add (BBF's transport has no CRC), header
                   fields, BBF's decode, and whether the bytes follow G.988 (see docs/omci-notes.md)
  mib_upload       the complete baseline and extended MIB upload of one BBF ONU
  unsupported      message types BBF cannot encode or decode (and what our wrapper answers)

Deterministic: BBF's ONU2-G sys_up_time and its upload snapshot latch read database.py's `time`
module, so the script gives that module a frozen clock (sys_up_time 0); everything else is BBF's.

usage: /usr/bin/python3 test/interop/py/bbf_frames.py > test/fixtures/omci/bbf-frames.json
"""
import json
import os
import sys
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bbf_peer  # noqa: E402

bbf_peer.import_onusim()
import logging  # noqa: E402

logging.basicConfig(level=logging.CRITICAL)  # BBF logs errors for things we probe on purpose
from obbaa_onusim import database as bbf_db  # noqa: E402
from obbaa_onusim.message import Message  # noqa: E402
from obbaa_onusim.actions.get import Get, Get_Next  # noqa: E402
from obbaa_onusim.actions.set import Set  # noqa: E402
from obbaa_onusim.actions.reset import MibReset  # noqa: E402
from obbaa_onusim.actions.upload import MibUpload, MibUploadNext  # noqa: E402
from obbaa_onusim.actions.get_all_alarms import GetAllAlarms, GetAllAlarmsNext  # noqa: E402
from obbaa_onusim.actions.delete import Delete  # noqa: E402
from obbaa_onusim.actions.alarm import Alarm  # noqa: E402

CTERM = "cterm"
ONU = 1
TR451 = 32


def crc32_aal5(data):
    """CRC-32/BZIP2 (AAL5, I.363.5): poly 0x04C11DB7, MSB first, init and xorout all ones."""
    c = 0xFFFFFFFF
    for b in data:
        c ^= b << 24
        for _ in range(8):
            c = ((c << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if c & 0x80000000 else (c << 1) & 0xFFFFFFFF
    return c ^ 0xFFFFFFFF


assert crc32_aal5(b"123456789") == 0xFC891918  # the catalogue check value of CRC-32/BZIP2


class Server:
    """What BBF's Message.process needs from an endpoint: a database (endpoint.py:207-209)."""

    def __init__(self):
        self.database = bbf_db.Database(range(ONU, ONU + 1))


def jsonable(v):
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    if isinstance(v, tuple) or isinstance(v, list):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (bool, int, float, str)) or v is None:
        return v
    return str(v)


def key_of(buf):
    t = buf[TR451 + 2]
    return (t & 0x40 != 0, t & 0x20 != 0, t & 0x1F)


def bbf_decode(buf):
    """BBF's reading of a datagram, or why it has none. Never calls Message.decode on a message
    type BBF has not registered: its _create SIGTERMs the process (message.py:344-348)."""
    if key_of(buf) not in Message._class_for_type:
        return {"error": "BBF has no class for (ar, ak, mt)=%r; Message.decode would SIGTERM itself "
                         "(obbaa_onusim/message.py:346-348)" % (key_of(buf),)}
    try:
        m = Message.decode(bytes(buf), tr451=True)
    except Exception as e:  # BBF's decoders raise on some inputs; that is a finding, not a crash
        return {"error": "%s: %s" % (e.__class__.__name__, e)}
    skip = {"cterm_name", "onu_id", "cpcs_uu", "cpi", "cpcs_sdu", "type_ar", "type_ak", "type_mt", "_body"}
    out = {"class": m.__class__.__name__}
    out.update({k: jsonable(v) for k, v in sorted(m._fields.items()) if k not in skip})
    return out


def header(buf):
    o = buf[TR451:]
    t = o[2]
    h = {"cterm_name": buf[:30].rstrip(b"\0").decode(), "onu_id": int.from_bytes(buf[30:32], "big"),
         "tci": int.from_bytes(o[0:2], "big"), "message_type": t, "ar": bool(t & 0x40), "ak": bool(t & 0x20),
         "action": t & 0x1F, "device_id": o[3], "me_class": int.from_bytes(o[4:6], "big"),
         "me_instance": int.from_bytes(o[6:8], "big")}
    if o[3] == 0x0B:
        h["contents_length"] = int.from_bytes(o[8:10], "big")
    return h


def vector(name, buf, direction, conformant, notes="", source="bbf"):
    omci = bytes(buf[TR451:])
    v = {"name": name, "direction": direction, "source": source,
         "set": "extended" if omci[3] == 0x0B else "baseline",
         "datagram_hex": bytes(buf).hex(), "omci_hex": omci.hex(), "header": header(buf)}
    if omci[3] == 0x0A and len(omci) == 44:
        v["gpon_frame_with_crc_hex"] = (omci + crc32_aal5(omci).to_bytes(4, "big")).hex()
    v["bbf_decoded"] = bbf_decode(buf)
    v["g988_conformant"] = conformant
    if notes:
        v["notes"] = notes
    return v


class Builder:
    def __init__(self):
        self.server = Server()
        self.tci = 0
        self.vectors = []

    def common(self, extended):
        self.tci += 1
        return {"cterm_name": CTERM, "onu_id": ONU, "tci": self.tci, "extended": extended}

    def exchange(self, name, request, req_ok=True, resp_ok=True, req_notes="", resp_notes=""):
        """Encode a BBF request, let BBF's server side answer it, record both."""
        req = request.encode(tr451=True)
        self.vectors.append(vector(name, req, "request", req_ok, req_notes))
        decoded = Message.decode(bytes(req), tr451=True)
        response = decoded.process(self.server)
        if response is None:
            return None
        resp = response.encode(tr451=True)
        self.vectors.append(vector(name, resp, "response", resp_ok, resp_notes))
        return resp

    def raw_request(self, name, omci, conformant, notes, source):
        """A request BBF cannot encode itself, built by hand per G.988, answered by BBF's server."""
        buf = CTERM.encode().ljust(30, b"\0") + ONU.to_bytes(2, "big") + omci
        self.vectors.append(vector(name, buf, "request", conformant, notes, source))
        decoded = Message.decode(bytes(buf), tr451=True)
        response = decoded.process(self.server)
        resp = response.encode(tr451=True)
        return resp


def build():
    # freeze BBF's clock (database.py:59, 84, 823, 859): sys_up_time reads 0 on every run
    bbf_db.time = types.SimpleNamespace(time=lambda: 1_000_000.0)
    bbf_db.startup_time = 1_000_000.0
    b = Builder()
    db = b.server.database
    # Real-world optical levels (G.988 9.2.1 attrs 10/14, 0.002 dB steps, two's complement) so the
    # vector is not all zeros: -21.306 dBm RX, +2.454 dBm TX (values from a real SFU's ANI-G, see
    # docs/omci-notes.md). ANI-G attrs are read-only over OMCI, so they are written into BBF's
    # database the way BBF's specs would hold them (database.py:104-106).
    db._instances[ONU][(263, 1)]["optical_signal_level"] = (0xD663,)
    db._instances[ONU][(263, 1)]["transmit_optical_level"] = (0x04CB,)

    for ext in (False, True):
        s = "-ext" if ext else ""
        b.exchange("get-onu-g" + s, Get(me_class=256, me_inst=0, attr_mask=0xB000, **b.common(ext)))
        b.exchange("get-onu2-g" + s, Get(me_class=257, me_inst=0, attr_mask=0xC000, **b.common(ext)))
        b.exchange("get-ani-g-optical" + s, Get(me_class=263, me_inst=1, attr_mask=0x0044, **b.common(ext)))
        b.exchange("get-ani-g-unknown-instance" + s,
                   Get(me_class=263, me_inst=0x8001, attr_mask=0x0044, **b.common(ext)),
                   resp_notes="result 5 (unknown ME instance): BBF's ANI-G is instance 1 (database.py:104-106)")
        b.exchange("set-ani-g-thresholds" + s,
                   Set(me_class=263, me_inst=1, values={"lower_optical_threshold": 0x38,
                                                        "upper_optical_threshold": 0x10}, **b.common(ext)))
        b.exchange("mib-reset" + s, MibReset(me_class=2, me_inst=0, **b.common(ext)))
        # the reset reloaded BBF's specs; put the optical levels back for later Gets
        db._instances[ONU][(263, 1)]["optical_signal_level"] = (0xD663,)
        db._instances[ONU][(263, 1)]["transmit_optical_level"] = (0x04CB,)
        b.exchange("mib-upload" + s, MibUpload(me_class=2, me_inst=0, **b.common(ext)))
        b.exchange("mib-upload-next-0" + s,
                   MibUploadNext(me_class=2, me_inst=0, seq_num=0, **b.common(ext)),
                   resp_ok=False,
                   resp_notes=("baseline: BBF packs several MEs (and splits one ME's attributes) into "
                               "one 32-byte body (database.py:776-808); G.988 baseline carries exactly one "
                               "ME per response" if not ext else
                               "extended: BBF adds a 2-byte total length before the records and counts "
                               "the 8-byte record header in each record's size field (upload.py encode); "
                               "G.988 A.2 / omci-lib-go: records only, size = attribute bytes"))

        # alarms: BBF's own Alarm message sets the alarm state (alarm.py:128-130) and is what
        # onusim.py sends; G.988 A.1: ONU-originated notifications carry TCI 0
        alarm = Alarm(me_class=11, me_inst=1, bitmap=(0x80).to_bytes(1, "big") + bytes(27), seqNum=1,
                      cterm_name=CTERM, onu_id=ONU, type_ar=0, tci=0, extended=ext)
        alarm.process(b.server)
        b.vectors.append(vector("alarm-pptp-lan-los" + s, alarm.encode(tr451=True), "notification",
                                not ext, "extended: BBF sends 32 contents bytes (28 bitmap + 3 zero + "
                                "sequence); G.988 extended alarm is 29 (28 bitmap + sequence), see "
                                "omci-lib-go alarms.go" if ext else
                                "BBF cannot decode its own alarm: (False, False, 16) is unregistered"))
        b.exchange("get-all-alarms" + s, GetAllAlarms(me_class=2, me_inst=0, **b.common(ext)),
                   req_notes="BBF's GetAllAlarms.validate forces alarm retrieval mode to 1 "
                             "(get_all_alarms.py:12-14: `0 or 1`)")
        b.exchange("get-all-alarms-next-0" + s,
                   GetAllAlarmsNext(me_class=2, me_inst=0, seq_num=0, **b.common(ext)),
                   resp_notes="BBF keeps alarm state per ME class, not per instance or ONU "
                              "(database.py:640-647 writes mib._alarms): every PPTP instance reports it")
        # clear it again so later vectors do not depend on order
        Alarm(me_class=11, me_inst=1, bitmap=bytes(28), seqNum=2, cterm_name=CTERM, onu_id=ONU,
              type_ar=0, tci=0).process(b.server)

        b.exchange("get-next-request" + s,
                   Get_Next(me_class=171, me_inst=1, attr_mask=0x0400, seq_num=0, **b.common(ext)),
                   req_ok=False, resp_ok=False,
                   req_notes="BBF encodes only the sequence number (get.py:195-199); G.988 Get next "
                             "request is attribute mask (2) + command sequence number (2)",
                   resp_notes="BBF's GetNextResponse.encode_contents returns nothing (get.py:232-234): "
                              "the response never carries result, mask or table data")

    # Create / Delete: BBF's Create has no encode_contents, so the request is hand-built per G.988
    # (set-by-create attributes in attribute order) and answered by BBF's server side.
    vlan_list = (0x0064).to_bytes(2, "big") + bytes(22)
    create = ((b.tci + 1).to_bytes(2, "big") + bytes([0x44, 0x0A]) + (84).to_bytes(2, "big") +
              (0x0101).to_bytes(2, "big") + (vlan_list + bytes([0x10, 0x01])).ljust(32, b"\0") +
              bytes([0, 0, 0, 0x28]))
    b.tci += 1
    resp = b.raw_request("create-vlan-tagging-filter", create, True,
                         "hand-built (BBF's Create has no encode_contents): VID 100, forward op 0x10, "
                         "1 entry; ME 84 instance 0x0101 = the MAC bridge port it filters (G.988 9.3.11)",
                         "hand-built per G.988, decoded and answered by BBF")
    b.vectors.append(vector("create-vlan-tagging-filter", resp, "response", True,
                            "BBF always answers result 0 and an empty execution mask (create.py:273-275), "
                            "even when its database refused (e.g. instance exists)"))
    b.exchange("delete-vlan-tagging-filter", Delete(me_class=84, me_inst=0x0101, **b.common(False)),
               resp_notes="BBF's Delete only bumps MIB data sync; the instance stays (delete.py:337-347)")
    b.exchange("delete-vlan-tagging-filter-ext", Delete(me_class=84, me_inst=0x0101, **b.common(True)),
               resp_ok=False, resp_notes="extended: BBF answers 2 contents bytes; G.988/omci-lib-go: 1 (result)")
    return b


def mib_upload(b, extended):
    """The whole MIB upload of one BBF ONU, as BBF's server answers it. Starts with a MIB reset:
    after a Create, BBF's upload raises TypeError (database.py:800-803 slices a created instance's
    plain int values) and answers nothing, and BBF's Delete leaves the instance in place."""
    out = []
    reset = MibReset(me_class=2, me_inst=0, **b.common(extended)).encode(tr451=True)
    Message.decode(bytes(reset), tr451=True).process(b.server)
    req = MibUpload(me_class=2, me_inst=0, **b.common(extended)).encode(tr451=True)
    n = Message.decode(bytes(req), tr451=True).process(b.server).num_upload_nexts
    for seq in range(n):
        r = MibUploadNext(me_class=2, me_inst=0, seq_num=seq, **b.common(extended)).encode(tr451=True)
        resp = Message.decode(bytes(r), tr451=True).process(b.server)
        chunks = resp.get("_body")[1]
        out.append({"seq": seq, "omci_hex": bytes(resp.encode(tr451=True)[TR451:]).hex(),
                    "records": [{"me_class": c[2], "me_instance": c[3],
                                 "attributes": {a.name: jsonable(v) for a, v in c[1]}} for c in chunks],
                    "g988_conformant": (not extended) and len(chunks) == 1})
    return {"commands": n, "responses": out}


def unsupported(b):
    """Message types ponctl uses that BBF has no class for (actions/other.py registers none)."""
    from onusim_server import not_supported_response  # ours: what the wrapper answers instead
    items = []
    for name, mt, cls, contents, note in (
            ("reboot", 25, 256, b"\x00", "G.988 A.3 Reboot: ONU-G 0 (or a circuit pack), contents byte 0 = "
                                          "reboot condition 0..3 (0 = unconditional)"),
            ("test", 18, 263, b"\x07", "Test on ANI-G: select test 7 = self test (G.988 A.3 Test)"),
            ("get-current-data", 28, 263, b"\x00\x40", "Get current data: attribute mask"),
            ("synchronize-time", 24, 256, b"", "Synchronize time (ONU-G)")):
        for ext in (False, True):
            b.tci += 1
            hdr = b.tci.to_bytes(2, "big") + bytes([0x40 | mt, 0x0B if ext else 0x0A]) + \
                cls.to_bytes(2, "big") + (0x0001 if cls == 263 else 0).to_bytes(2, "big")
            omci = hdr + (len(contents).to_bytes(2, "big") + contents if ext else
                          contents.ljust(32, b"\0") + bytes([0, 0, 0, 0x28]))
            buf = CTERM.encode().ljust(30, b"\0") + ONU.to_bytes(2, "big") + omci
            items.append({
                "name": name + ("-ext" if ext else ""), "action": mt,
                "request": vector(name, buf, "request", True, note, "hand-built per G.988"),
                "bbf": "no class registered for (True, False, %d): Message._create logs 'UNKNOWN ENTITY' "
                       "and SIGTERMs the simulator (message.py:344-348)" % mt,
                "wrapper_response": vector(name, not_supported_response(buf), "response", True,
                                           "answered by test/interop/py/onusim_server.py (ours), result 2 "
                                           "'command not supported', never by BBF", "onusim_server.py"),
            })
    items.append({"name": "attribute-value-change", "action": 17,
                  "bbf": "no AVC message class at all; onusim.py's 'notif' command is a no-op "
                         "(bin/onusim.py:177-178)"})
    return items


def main():
    b = build()
    doc = {
        "source": {
            "generator": "test/interop/py/bbf_frames.py",
            "peer": "github.com/BroadbandForum/obbaa-onu-simulator " + bbf_peer.onusim_source(),
            "licence": "Apache-2.0 (peer); these vectors are its output",
            "python": sys.version.split()[0],
        },
        "transport": {
            "datagram": "cterm name (30 bytes, NUL-padded) | ONU id (2, big-endian) | OMCI message without "
                        "CRC/MIC (baseline 44 bytes incl. trailer 00 00 00 28; extended 10 + contents length)",
            "cterm_name": CTERM, "onu_id": ONU,
        },
        "notes": [
            "gpon_frame_with_crc_hex = omci_hex + CRC-32/BZIP2 (AAL5) computed by bbf_frames.py, for codecs "
            "that take 48-byte G-PON frames; BBF itself never sends a CRC",
            "g988_conformant=false marks bytes where BBF departs from G.988; a conformant codec must not "
            "reproduce them, only tolerate them where docs/omci-notes.md says so",
            "ANI-G optical levels were written into BBF's database by this script (see build())",
        ],
        "vectors": b.vectors,
        "mib_upload": {"baseline": mib_upload(b, False), "extended": mib_upload(b, True)},
        "unsupported": unsupported(b),
    }
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
