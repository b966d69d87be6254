#!/usr/bin/env python3
"""Write what 'lspci -vvnn -xxxx' would show of a QEMU guest, from the
guest's 'groups' and 'lspci' steps (results.txt: 'H member', 'H cfg').

    guest-dump.py RESULTS > DUMP

Each device gets its address, class and ids, its IOMMU group line and its
whole config space as hex, the form scripts/replay-dump.py reads.
"""
import sys

groups, cfgs = {}, []
for line in open(sys.argv[1]):
    w = line.split()
    if len(w) >= 4 and w[:2] == ['H', 'member']:
        groups[w[3]] = w[2]
    elif len(w) >= 3 and w[:2] == ['H', 'cfg']:
        cfgs.append((w[2], bytes(int(x, 16) for x in w[3:])))
for bdf, c in sorted(cfgs):
    print('%s Class [%02x%02x]: Device [%02x%02x:%02x%02x] (rev %02x)' % (
        bdf, c[11], c[10], c[1], c[0], c[3], c[2], c[8]))
    if bdf in groups:
        print('\tIOMMU group: %s' % groups[bdf])
    for off in range(0, len(c), 16):
        print('%s: %s' % ('%02x' % off if off < 0x100 else '%03x' % off,
                          ' '.join('%02x' % b for b in c[off:off + 16])))
    print()
