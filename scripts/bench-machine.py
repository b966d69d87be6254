#!/usr/bin/env python3
"""Write a synthetic machine of about N PCI devices as 'lspci -vvnn' text.

    bench-machine.py N DUMP

The replay (scripts/replay-dump.py, replay/pci-replay.c) reads it like a
real machine's dump. It is built of units under root ports with ACS, as
many as N needs, 28 to a PCI domain (a domain has 256 bus numbers; a unit
takes 9). Each unit mixes what servers have:

    root port (ACS)
      switch upstream port
        downstream port (ACS)     4-function endpoint without ACS
        downstream port (ACS)     a second switch level:
                                    upstream port, two downstream ports
                                    without ACS, an endpoint under each
        downstream port, no ACS   4-function endpoint without ACS
        downstream port, no ACS   SR-IOV PF with 31 VFs (ARI)

51 devices. ACS shows enabled, as in a dump taken under an IOMMU (the
kernel enables it only when an IOMMU driver asks, and the replay has
none). Vendor 0xbe05 matches no quirk. Prints on stdout the number of
devices and the address of the device the benchmark hot-adds: function 0
of the last unit's first multifunction endpoint. Below ports with ACS up
to the root, it is a device for which 6.12 searches the whole machine
(its aliases, then the functions of its slot).
"""
import sys

VENDOR = 0xbe05
UNIT = 51
UNITS_PER_DOMAIN = 28

ACS_ON = ('\t\tACSCap:\tSrcValid+ TransBlk+ ReqRedir+ CmpltRedir+ UpstreamFwd+ '
          'EgressCtrl- DirectTrans+\n'
          '\t\tACSCtl:\tSrcValid+ TransBlk- ReqRedir+ CmpltRedir+ UpstreamFwd+ '
          'EgressCtrl- DirectTrans-\n')


class Out:
    def __init__(self, f):
        self.f = f
        self.n = 0

    def dev(self, dom, bus, dev, fn, cls, name, did, body):
        self.f.write('%04x:%02x:%02x.%d %s [%04x]: Bench %s [%04x:%04x]\n%s\n' %
                     (dom, bus, dev, fn, 'PCI bridge' if cls == 0x0604 else
                      'Ethernet controller', cls, name, VENDOR, did, body))
        self.n += 1
        return '%04x:%02x:%02x.%d' % (dom, bus, dev, fn)

    def port(self, dom, bus, dev, fn, kind, did, sec, sub, acs):
        body = ('\tBus: primary=%02x, secondary=%02x, subordinate=%02x, sec-latency=0\n'
                '\tCapabilities: [40] Express (v2) %s (Slot-), MSI 00\n'
                '\t\tDevCap:\tMaxPayload 256 bytes, PhantFunc 0\n'
                '\t\t\tExtTag+ RBE+\n'
                '\t\tDevCap2: Completion Timeout: Not Supported, TimeoutDis-, ARIFwd+\n'
                '\t\tDevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis-, ARIFwd-\n'
                % (bus, sec, sub, kind))
        if acs:
            body += '\tCapabilities: [100 v1] Access Control Services\n' + ACS_ON
        return self.dev(dom, bus, dev, fn, 0x0604, kind, did, body.rstrip('\n'))

    def endpoint(self, dom, bus, dev, fn, did, extra=''):
        body = ('\tCapabilities: [40] Express (v2) Endpoint, MSI 00\n'
                '\t\tDevCap:\tMaxPayload 256 bytes, PhantFunc 0\n'
                '\t\t\tExtTag+ RBE+ FLReset+' + extra)
        return self.dev(dom, bus, dev, fn, 0x0200, 'Endpoint', did, body)


def unit(o, dom, slot, b):
    """One unit from bus b (9 buses); returns the address to hot-add."""
    o.port(dom, 0, slot, 0, 'Root Port', 0x0001, b, b + 8, True)
    o.port(dom, b, 0, 0, 'Upstream Port', 0x0002, b + 1, b + 8, False)
    # Downstream ports on the switch's internal bus b+1.
    o.port(dom, b + 1, 0, 0, 'Downstream Port', 0x0003, b + 2, b + 2, True)
    o.port(dom, b + 1, 1, 0, 'Downstream Port', 0x0003, b + 3, b + 6, True)
    o.port(dom, b + 1, 2, 0, 'Downstream Port', 0x0003, b + 7, b + 7, False)
    o.port(dom, b + 1, 3, 0, 'Downstream Port', 0x0003, b + 8, b + 8, False)
    readd = o.endpoint(dom, b + 2, 0, 0, 0x0010)
    for fn in range(1, 4):
        o.endpoint(dom, b + 2, 0, fn, 0x0010)
    # The second level: a switch below downstream port 1.
    o.port(dom, b + 3, 0, 0, 'Upstream Port', 0x0002, b + 4, b + 6, False)
    o.port(dom, b + 4, 0, 0, 'Downstream Port', 0x0003, b + 5, b + 5, False)
    o.port(dom, b + 4, 1, 0, 'Downstream Port', 0x0003, b + 6, b + 6, False)
    o.endpoint(dom, b + 5, 0, 0, 0x0011)
    o.endpoint(dom, b + 6, 0, 0, 0x0011)
    for fn in range(4):
        o.endpoint(dom, b + 7, 0, fn, 0x0010)
    # A PF with ARI and 31 VFs, routing IDs 1 to 31 on its own bus.
    iov = ('\n\tCapabilities: [100 v1] Alternative Routing-ID Interpretation (ARI)\n'
           '\t\tARICap:\tMFVC- ACS-, Next Function: 0\n'
           '\t\tARICtl:\tMFVC- ACS-, Function Group: 0\n'
           '\tCapabilities: [160 v1] Single Root I/O Virtualization (SR-IOV)\n'
           '\t\tIOVCap:\tMigration-, Interrupt Message Number: 000\n'
           '\t\tIOVCtl:\tEnable+ Migration- Interrupt- MSE+ ARIHierarchy+\n'
           '\t\tIOVSta:\tMigration-\n'
           '\t\tInitial VFs: 32, Total VFs: 32, Number of VFs: 31, Function Dependency Link: 00\n'
           '\t\tVF offset: 1, stride: 1, Device ID: 0013\n'
           '\t\tSupported Page Size: 00000553, System Page Size: 00000001')
    o.endpoint(dom, b + 8, 0, 0, 0x0012, iov)
    for vf in range(1, 32):
        o.endpoint(dom, b + 8, vf >> 3, vf & 7, 0x0013)
    return readd


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: bench-machine.py N DUMP')
    want = int(sys.argv[1])
    units = max(1, -(-want // UNIT))
    with open(sys.argv[2], 'w') as f:
        o = Out(f)
        readd = None
        for u in range(units):
            dom, i = divmod(u, UNITS_PER_DOMAIN)
            readd = unit(o, dom, 1 + i, 1 + 9 * i)
    print(o.n, readd)


if __name__ == '__main__':
    main()
