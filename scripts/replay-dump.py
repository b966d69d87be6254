#!/usr/bin/env python3
"""Turn a machine's lspci dump into records for the replay module.

    replay-dump.py DUMP OUT.rpl OUT.map

DUMP is 'lspci -vvnn' text (config space synthesized from what it shows)
or 'lspci -xxxx' hex (exact config space; used where a device has it, with
or without -vv text around it). OUT.rpl holds the records that
replay/pci-replay.c reads; OUT.map is tab separated, one row per device of
the dump, in dump order:

    bdf  ids  recorded  replay  note

bdf as the dump gives it (domain 0000 added where lspci omits it), ids
vvvv:dddd, recorded the dump's 'IOMMU group' or '-', replay the address the
replay gives the device, or '-' when it cannot create it, then note says
why. A dump that cannot be read exits 1 with 'FILE:LINE: reason'.

What the text synthesis keeps: ids, class, revision, header type (bridge,
CardBus, multifunction when a slot shows several functions), bus numbers,
subsystem ids, interrupt pin, and the capabilities that decide grouping:
PCI Express (port type, slot, link, ARI forwarding), ACS, ARI and SR-IOV,
at the offsets the dump shows. Everything else reads as absent. In both
formats BARs, bridge windows and expansion ROMs read as unimplemented,
I/O and memory decoding are off, MSI and MSI-X are disabled, and SR-IOV
starts disabled with the dump's VF count to be enabled by the replay.
"""
import re
import struct
import sys

MAGIC = 0x4c505252
DOMAIN_BASE = 0x10000

HEAD = re.compile(r'^(?:([0-9a-fA-F]{4,8}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])(?:\s+(.*))?$')
HEX = re.compile(r'^([0-9a-f]{2,3}):((?: [0-9a-f]{2}){16})\s*$')
FLAG = re.compile(r'([A-Za-z0-9_.<>/]+)([+-])(?=[\s,;]|$)')

PORT_TYPES = [
    ('Root Complex Integrated Endpoint', 9),
    ('Root Complex Event Collector', 10),
    ('Legacy Endpoint', 1),
    ('Endpoint', 0),
    ('Root Port', 4),
    ('Upstream Port', 5),
    ('Downstream Port', 6),
    ('PCI-Express to PCI/PCI-X Bridge', 7),
    ('PCI/PCI-X to PCI-Express Bridge', 8),
]
SPEEDS = {'2.5GT/s': 1, '5GT/s': 2, '8GT/s': 3, '16GT/s': 4, '32GT/s': 5, '64GT/s': 6}
ACS_BITS = ['SrcValid', 'TransBlk', 'ReqRedir', 'CmpltRedir', 'UpstreamFwd',
            'EgressCtrl', 'DirectTrans']


class DumpError(Exception):
    def __init__(self, line, msg):
        super().__init__(msg)
        self.line = line


def flags(text):
    return {m.group(1): m.group(2) == '+' for m in FLAG.finditer(text)}


class Dev:
    def __init__(self, line, dom, bus, dev, fn, rest):
        self.line = line
        self.dom, self.bus, self.devfn = dom, bus, dev << 3 | fn
        self.bdf = '%04x:%02x:%02x.%d' % (dom, bus, dev, fn)
        self.rest = rest
        self.fields = {}      # top-level 'Name: value'
        self.caps = []        # (offset, is_ext, title, {reg: text}, line)
        self.hex = {}         # offset -> 16 bytes
        self.recorded = '-'
        self.caps_denied = False
        self.vendor = self.device = None
        self.cfg = None
        self.numvfs = 0
        self.vf_of = None
        self.note = ''

    @property
    def slot(self):
        return (self.dom, self.bus, self.devfn >> 3)


def parse(path):
    devs = []
    cur = None
    incap = None
    lastkey = None
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = f.read().split('\n')
    carry = ''
    for n, raw in enumerate(lines, 1):
        line = carry + raw.rstrip('\r')
        carry = ''
        # lspci writes its warnings ("pcilib: Error reading ...") to
        # stderr; a dump that captured both streams has one in the middle
        # of a line, after the indentation stdout had printed, which
        # belongs to the line that follows the warning.
        pm = re.match(r'^(\s*)pcilib: ', line)
        if pm:
            carry = pm.group(1)
            continue
        if not line.strip():
            # lspci leaves blank lines inside some capabilities (L1 PM
            # Substates); only a device line starts a new device.
            continue
        m = HEAD.match(line)
        if m and not line.startswith(('\t', ' ')):
            dom = int(m.group(1), 16) if m.group(1) else 0
            cur = Dev(n, dom, int(m.group(2), 16), int(m.group(3), 16),
                      int(m.group(4)), m.group(5) or '')
            devs.append(cur)
            incap = lastkey = None
            continue
        h = HEX.match(line)
        if h and cur is not None:
            cur.hex[int(h.group(1), 16)] = bytes(int(x, 16) for x in h.group(2).split())
            continue
        if cur is None or not line.startswith('\t'):
            raise DumpError(n, 'not a line of lspci -vvnn or -xxxx: %r' % line[:60])
        tabs = len(line) - len(line.lstrip('\t'))
        text = line.strip()
        if tabs == 1:
            incap = None
            if text.startswith('Capabilities:'):
                body = text[len('Capabilities:'):].strip()
                if body.startswith('<access denied>'):
                    cur.caps_denied = True
                    continue
                cm = re.match(r'\[([0-9a-f]+)(?: v(\d+))?\]\s*(.*)$', body)
                if not cm:
                    raise DumpError(n, 'unreadable capability line: %r' % text[:60])
                incap = {}
                cur.caps.append((int(cm.group(1), 16), cm.group(2) is not None,
                                 cm.group(3), incap, n))
                lastkey = None
                continue
            key, _, val = text.partition(':')
            cur.fields[key] = val.strip()
            lastkey = (cur.fields, key)
            if key == 'IOMMU group':
                cur.recorded = val.strip()
            continue
        if incap is not None:
            km = re.match(r'^([A-Za-z][A-Za-z0-9 ]*?):\s*(.*)$', text)
            if tabs == 2 and km:
                incap[km.group(1)] = km.group(2)
                lastkey = (incap, km.group(1))
                continue
        if lastkey is not None:
            d, k = lastkey
            d[k] = d[k] + ' ' + text
    return devs


def put16(cfg, off, v):
    struct.pack_into('<H', cfg, off, v & 0xffff)


def put32(cfg, off, v):
    struct.pack_into('<I', cfg, off, v & 0xffffffff)


def get16(cfg, off):
    return struct.unpack_from('<H', cfg, off)[0]


def get32(cfg, off):
    return struct.unpack_from('<I', cfg, off)[0]


def ids_from_line(d):
    cls = re.search(r'\[([0-9a-f]{4})\]:', d.rest)
    ids = re.findall(r'\[([0-9a-f]{4}):([0-9a-f]{4})\]', d.rest.split(':', 1)[1] if ':' in d.rest else '')
    rev = re.search(r'\(rev ([0-9a-f]{2})\)', d.rest)
    pif = re.search(r'\(prog-if ([0-9a-f]{2})', d.rest)
    return (int(cls.group(1), 16) if cls else None,
            (int(ids[-1][0], 16), int(ids[-1][1], 16)) if ids else None,
            int(rev.group(1), 16) if rev else 0,
            int(pif.group(1), 16) if pif else 0)


def synth(d):
    """Config space from lspci -vv text: what grouping depends on."""
    cls, ids, rev, pif = ids_from_line(d)
    if ids is None or cls is None:
        raise DumpError(d.line, 'no [class] or [vendor:device] on the device line (lspci -nn needed)')
    has_pcie = any(not e and t.startswith('Express') for _, e, t, _, _ in d.caps)
    size = 4096 if has_pcie else 256
    cfg = bytearray(size)
    put16(cfg, 0, ids[0])
    put16(cfg, 2, ids[1])
    ctl = flags(d.fields.get('Control', ''))
    cmd = (0x4 if ctl.get('BusMaster') else 0) | (0x40 if ctl.get('ParErr') else 0) | \
        (0x100 if ctl.get('SERR') else 0) | (0x400 if ctl.get('DisINTx') else 0)
    put16(cfg, 4, cmd)
    cfg[8] = rev
    cfg[9] = pif
    put16(cfg, 10, cls)
    bridge = 'Bus' in d.fields or cls in (0x0604, 0x0609)
    cardbus = cls == 0x0607
    htype = 2 if cardbus else 1 if bridge else 0
    cfg[0x0e] = htype
    if htype:
        bm = re.search(r'primary=([0-9a-f]+), secondary=([0-9a-f]+), subordinate=([0-9a-f]+)',
                       d.fields.get('Bus', ''))
        if not bm:
            raise DumpError(d.line, 'bridge without a "Bus: primary=.., secondary=.., subordinate=.." line')
        cfg[0x18], cfg[0x19], cfg[0x1a] = (int(x, 16) for x in bm.groups())
        bc = flags(d.fields.get('BridgeCtl', ''))
        put16(cfg, 0x3e, sum(b for k, b in (('Parity', 1), ('SERR', 2), ('NoISA', 4),
                                               ('VGA', 8), ('VGA16', 0x10), ('MAbort', 0x20))
                             if bc.get(k)))
    else:
        sm = re.search(r'\[([0-9a-f]{4}):([0-9a-f]{4})\]', d.fields.get('Subsystem', ''))
        if sm:
            put16(cfg, 0x2c, int(sm.group(1), 16))
            put16(cfg, 0x2e, int(sm.group(2), 16))
    pin = re.search(r'pin ([A-D])', d.fields.get('Interrupt', ''))
    cfg[0x3d] = ord(pin.group(1)) - ord('A') + 1 if pin else 0

    # Capabilities: PCI Express among the standard ones; ACS, ARI, SR-IOV
    # among the extended ones.
    std = []
    ext = []
    for off, is_ext, title, regs, line in d.caps:
        if not is_ext and title.startswith('Express'):
            std.append((off, title, regs, line))
        elif is_ext and title.startswith(('Access Control Services',
                                          'Alternative Routing-ID Interpretation',
                                          'Single Root I/O Virtualization')):
            ext.append((off, title, regs, line))
    for off, title, regs, line in std:
        if off < 0x40 or off + 0x3c > 0x100 or off & 3:
            off = 0x40
        cfg[0x34] = off
        put16(cfg, 6, 0x10)
        cfg[off] = 0x10
        vm = re.match(r'Express \(v(\d)\)\s*(.*)', title)
        ver = int(vm.group(1)) if vm else 1
        kind = vm.group(2) if vm else title
        ptype = None
        for name, t in PORT_TYPES:
            if kind.startswith(name):
                ptype = t
                break
        if ptype is None:
            raise DumpError(line, 'unknown PCI Express device type: %r' % kind[:40])
        put16(cfg, off + 2, ver | ptype << 4 | (0x100 if '(Slot+)' in kind else 0))
        devcap = regs.get('DevCap', '')
        mps = re.search(r'MaxPayload (\d+) bytes', devcap)
        f = flags(devcap)
        put32(cfg, off + 4, ((int(mps.group(1)) // 128).bit_length() - 1 if mps else 0) |
              (0x20 if f.get('ExtTag') else 0) | (0x8000 if f.get('RBE') else 0) |
              (0x10000000 if f.get('FLReset') else 0))
        dc = regs.get('DevCtl', '')
        mps = re.search(r'MaxPayload (\d+) bytes', dc)
        mrr = re.search(r'MaxReadReq (\d+) bytes', dc)
        put16(cfg, off + 8, (((int(mps.group(1)) // 128).bit_length() - 1) << 5 if mps else 0) |
              (((int(mrr.group(1)) // 128).bit_length() - 1) << 12 if mrr else 0x2000))
        lc = regs.get('LnkCap', '')
        port = re.search(r'Port #(\d+)', lc)
        sp = re.search(r'Speed ([0-9.]+GT/s)', lc)
        wd = re.search(r'Width x(\d+)', lc)
        f = flags(lc)
        put32(cfg, off + 0x0c, (SPEEDS.get(sp.group(1), 1) if sp else 1) |
              (int(wd.group(1)) if wd else 1) << 4 |
              (0x80000 if f.get('Surprise') else 0) |
              (0x100000 if f.get('LLActRep') else 0) |
              (int(port.group(1)) if port else 0) << 24)
        put16(cfg, off + 0x10, 0x40 if flags(regs.get('LnkCtl', '')).get('CommClk') else 0)
        ls = regs.get('LnkSta', '')
        sp = re.search(r'Speed ([0-9.]+GT/s)', ls)
        wd = re.search(r'Width x(\d+)', ls)
        f = flags(ls)
        put16(cfg, off + 0x12, (SPEEDS.get(sp.group(1), 1) if sp else 1) |
              (int(wd.group(1)) if wd else 1) << 4 |
              (0x1000 if f.get('SlotClk') else 0) | (0x2000 if f.get('DLActive') else 0))
        if '(Slot+)' in kind:
            sc = regs.get('SltCap', '')
            f = flags(sc)
            slot = re.search(r'Slot #(\d+)', sc)
            put32(cfg, off + 0x14, sum(b for k, b in (
                ('AttnBtn', 1), ('PwrCtrl', 2), ('MRL', 4), ('AttnInd', 8),
                ('PwrInd', 0x10), ('Surprise', 0x20), ('HotPlug', 0x40),
                ('NoCompl', 0x40000)) if f.get(k)) |
                (int(slot.group(1)) & 0x1fff if slot else 0) << 19)
            ss = flags(regs.get('SltSta', ''))
            put16(cfg, off + 0x1a, 0x40 if ss.get('PresDet') else 0)
        if ptype in (4, 10):
            put16(cfg, off + 0x1e, 1 if flags(regs.get('RootCap', '')).get('CRSVisible') else 0)
        if ver >= 2:
            put32(cfg, off + 0x24, 0x20 if flags(regs.get('DevCap2', '')).get('ARIFwd') else 0)
            put16(cfg, off + 0x28, 0x20 if flags(regs.get('DevCtl2', '')).get('ARIFwd') else 0)
        break
    placed = []
    for off, title, regs, line in sorted(ext, key=lambda e: e[0]):
        # Bytes each synthesized capability takes: ACS and ARI 8, SR-IOV 64.
        n = 0x40 if title.startswith('Single Root') else 8
        if size < 4096 or off < 0x100 or off & 3 or off + n > 4096 or \
                any(off < p + pn and p < off + n for p, pn in placed):
            continue
        if title.startswith('Access Control'):
            cap = flags(regs.get('ACSCap', ''))
            ctl = flags(regs.get('ACSCtl', ''))
            put32(cfg, off, 0x0d | 1 << 16)
            put16(cfg, off + 4, sum(1 << i for i, k in enumerate(ACS_BITS) if cap.get(k)))
            put16(cfg, off + 6, sum(1 << i for i, k in enumerate(ACS_BITS) if ctl.get(k)))
        elif title.startswith('Alternative Routing'):
            cap = regs.get('ARICap', '')
            nf = re.search(r'Next Function: (\d+)', cap)
            f = flags(cap)
            put32(cfg, off, 0x0e | 1 << 16)
            put16(cfg, off + 4, (1 if f.get('MFVC') else 0) | (2 if f.get('ACS') else 0) |
                  (int(nf.group(1)) if nf else 0) << 8)
        else:
            put32(cfg, off, 0x10 | 1 << 16)
            iov = ' '.join('%s: %s' % kv for kv in regs.items())
            tot = re.search(r'Total VFs: (\d+)', iov)
            ini = re.search(r'Initial VFs: (\d+)', iov)
            num = re.search(r'Number of VFs: (\d+)', iov)
            vfo = re.search(r'VF offset: (\d+), stride: (\d+), Device ID: ([0-9a-f]{4})', iov)
            pgs = re.search(r'Supported Page Size: ([0-9a-f]+)', iov)
            if not (tot and vfo):
                raise DumpError(line, 'SR-IOV capability without Total VFs or VF offset')
            total = int(tot.group(1))
            put16(cfg, off + 0x0c, int(ini.group(1)) if ini else total)
            put16(cfg, off + 0x0e, total)
            put16(cfg, off + 0x14, int(vfo.group(1)))
            put16(cfg, off + 0x16, int(vfo.group(2)))
            put16(cfg, off + 0x1a, int(vfo.group(3), 16))
            put32(cfg, off + 0x1c, int(pgs.group(1), 16) if pgs else 1)
            put32(cfg, off + 0x20, 1)
            if flags(regs.get('IOVCtl', '')).get('Enable') and num:
                d.numvfs = int(num.group(1))
        placed.append((off, n))
    # Chain the extended capabilities; the list must start at 0x100.
    offs = sorted(p for p, _ in placed)
    if offs and offs[0] != 0x100:
        put32(cfg, 0x100, 1 << 16 | offs[0] << 20)
    for i, p in enumerate(offs):
        nxt = offs[i + 1] if i + 1 < len(offs) else 0
        put32(cfg, p, (get32(cfg, p) & 0xfffff) | nxt << 20)
    return cfg


def from_hex(d):
    top = max(d.hex)
    size = 4096 if top >= 0x100 else 256
    cfg = bytearray(size)
    for off, b in d.hex.items():
        if off + 16 <= size:
            cfg[off:off + 16] = b
    return cfg


def std_caps(cfg):
    caps, seen = [], set()
    if not get16(cfg, 6) & 0x10:
        return caps
    p = cfg[0x34] & 0xfc
    while p >= 0x40 and p not in seen and len(caps) < 48:
        seen.add(p)
        caps.append((cfg[p], p))
        p = cfg[p + 1] & 0xfc
    return caps


def ext_caps(cfg):
    caps, seen = [], set()
    if len(cfg) < 4096:
        return caps
    p = 0x100
    while p >= 0x100 and p not in seen and p + 4 <= 4096 and len(caps) < 96:
        seen.add(p)
        h = get32(cfg, p)
        if h in (0, 0xffffffff):
            break
        caps.append((h & 0xffff, p))
        p = (h >> 20) & 0xffc
    return caps


def sanitize(d, cfg):
    """Nothing decodes, nothing is enabled; the dump's VF count is kept."""
    htype = cfg[0x0e] & 0x7f
    put16(cfg, 4, get16(cfg, 4) & ~0x3)
    if htype == 0:
        cfg[0x10:0x28] = bytes(0x18)
        cfg[0x30:0x34] = bytes(4)
    elif htype == 1:
        cfg[0x10:0x18] = bytes(8)
        # Windows closed: base above limit, as firmware leaves them.
        cfg[0x1c], cfg[0x1d] = 0xf0, 0x00
        put16(cfg, 0x20, 0xfff0)
        put16(cfg, 0x22, 0x0000)
        put16(cfg, 0x24, 0xfff0)
        put16(cfg, 0x26, 0x0000)
        cfg[0x28:0x34] = bytes(12)
        cfg[0x38:0x3c] = bytes(4)
    elif htype == 2:
        cfg[0x10:0x14] = bytes(4)
        cfg[0x1c:0x2c] = bytes(16)
    for cid, p in std_caps(cfg):
        if cid == 0x05:     # MSI
            put16(cfg, p + 2, get16(cfg, p + 2) & ~1)
        elif cid == 0x11:   # MSI-X
            put16(cfg, p + 2, get16(cfg, p + 2) & ~0xc000)
    for cid, p in ext_caps(cfg):
        if cid == 0x10 and p + 0x40 <= len(cfg):     # SR-IOV
            ctrl = get16(cfg, p + 8)
            if ctrl & 1 and not d.numvfs:
                d.numvfs = get16(cfg, p + 0x10)
            put16(cfg, p + 8, ctrl & ~0x9)
            put16(cfg, p + 0x10, 0)
            cfg[p + 0x24:p + 0x3c] = bytes(0x18)


def write_mask(cfg):
    """Which bits the kernel may change: control registers, not status,
    identity, capability or decoding registers."""
    size = len(cfg)
    m = bytearray(size)

    def rw(a, n):
        for i in range(a, min(a + n, size)):
            m[i] = 0xff
    m[4], m[5] = 0xff, 0x07
    rw(0x0c, 2)
    rw(0x3c, 1)
    if cfg[0x0e] & 0x7f in (1, 2):
        rw(0x18, 4)
        rw(0x3e, 2)
    for cid, p in std_caps(cfg):
        if cid == 0x10:
            for o in (0x08, 0x10, 0x18, 0x1c, 0x28, 0x30, 0x38):
                rw(p + o, 2)
        elif cid == 0x01:
            rw(p + 4, 2)
        elif cid == 0x05:
            rw(p + 2, 22)
        elif cid == 0x11:
            rw(p + 2, 2)
    for cid, p in ext_caps(cfg):
        if cid in (0x0d, 0x0e):
            rw(p + 6, 2)
        elif cid == 0x10:
            rw(p + 8, 2)
            rw(p + 0x10, 2)
            rw(p + 0x20, 4)
    return m


def convert(path):
    devs = parse(path)
    if not devs:
        raise DumpError(1, 'no device found (lspci -vvnn or -xxxx output expected)')
    seen = {}
    for d in devs:
        if d.bdf in seen:
            raise DumpError(d.line, '%s appears twice (first at line %d)' % (d.bdf, seen[d.bdf]))
        seen[d.bdf] = d.line
    slots = {}
    for d in devs:
        slots.setdefault(d.slot, []).append(d)
    for d in devs:
        if d.hex:
            d.cfg = from_hex(d)
        else:
            d.cfg = synth(d)
        d.vendor, d.device = get16(d.cfg, 0), get16(d.cfg, 2)
        sanitize(d, d.cfg)
    # VFs: the routing IDs the PF's SR-IOV capability gives them.
    by_rid = {(d.dom, d.bus << 8 | d.devfn): d for d in devs}
    for pf in devs:
        if not pf.numvfs:
            continue
        sr = [p for cid, p in ext_caps(pf.cfg) if cid == 0x10]
        off, stride = get16(pf.cfg, sr[0] + 0x14), get16(pf.cfg, sr[0] + 0x16)
        vfdev = get16(pf.cfg, sr[0] + 0x1a)
        first = None
        for i in range(pf.numvfs):
            rid = (pf.bus << 8 | pf.devfn) + off + i * stride
            vf = by_rid.get((pf.dom, rid))
            if vf is None:
                continue
            vf.vf_of = pf
            if vf.hex:
                vf.vendor, vf.device = pf.vendor, vfdev
            first = first or vf
            put32(vf.cfg, 0, 0xffffffff)
        if first is None:
            # The dump does not show them: the kernel still creates them,
            # from a copy of the PF's header.
            pf.note = 'its %d VFs are not in the dump' % pf.numvfs
    # lspci -vv does not show the multifunction bit: a slot with several
    # functions that are not VFs has it.
    for d in devs:
        if not d.hex and len([s for s in slots[d.slot] if s.vf_of is None]) > 1:
            d.cfg[0x0e] |= 0x80
    # Functions the scan cannot reach.
    for d in devs:
        fn0 = [s for s in slots[d.slot] if s.devfn & 7 == 0]
        if d.vf_of is None and d.devfn & 7 and not fn0:
            d.note = 'function 0 of its slot is not in the dump'
        if d.caps_denied and not d.hex:
            d.note = d.note or 'capabilities not in the dump (lspci run without root)'
    # Root buses: buses no bridge of the dump forwards to.
    domains = sorted({d.dom for d in devs})
    rdom = {dom: DOMAIN_BASE + i for i, dom in enumerate(domains)}
    roots = []
    for dom in domains:
        inner = set()
        for d in devs:
            if d.dom == dom and d.cfg[0x0e] & 0x7f in (1, 2) and d.vf_of is None:
                sec, sub = d.cfg[0x19], d.cfg[0x1a]
                inner.update(range(sec, max(sec, sub) + 1))
        rb = sorted({d.bus for d in devs if d.dom == dom and d.bus not in inner})
        for i, b in enumerate(rb):
            last = rb[i + 1] - 1 if i + 1 < len(rb) else 0xff
            roots.append((rdom[dom], b, last))
    out = bytearray()
    for dom, b, last in roots:
        out += struct.pack('<IIHHBBBB', MAGIC, dom, 0, 0, b, 0, ord('R'), last)
    rows = []
    for d in devs:
        out += struct.pack('<IIHHBBBB', MAGIC, rdom[d.dom], len(d.cfg), d.numvfs,
                           d.bus, d.devfn, ord('D'), 0)
        out += d.cfg + write_mask(d.cfg)
        rbdf = '%05x:%02x:%02x.%d' % (rdom[d.dom], d.bus, d.devfn >> 3, d.devfn & 7)
        if d.note.startswith('function 0'):
            rbdf = '-'
        rows.append((d.bdf, '%04x:%04x' % (d.vendor, d.device), d.recorded, rbdf,
                     ('VF of %s' % d.vf_of.bdf if d.vf_of else '') +
                     ('; ' if d.vf_of and d.note else '') + d.note))
    return out, rows


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: replay-dump.py DUMP OUT.rpl OUT.map')
    path, rpl, mapf = sys.argv[1:]
    try:
        out, rows = convert(path)
    except DumpError as e:
        sys.stderr.write('%s:%d: %s\n' % (path, e.line, e))
        sys.exit(1)
    except OSError as e:
        sys.stderr.write('%s: %s\n' % (path, e.strerror))
        sys.exit(1)
    with open(rpl, 'wb') as f:
        f.write(out)
    with open(mapf, 'w') as f:
        f.write('bdf\tids\trecorded\treplay\tnote\n')
        for r in rows:
            f.write('\t'.join(x if x else '-' for x in r) + '\n')


if __name__ == '__main__':
    main()
