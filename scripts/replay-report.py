#!/usr/bin/env python3
"""Tables, summary and verdicts of a replay run (scripts/replay.sh).

    replay-report.py OUTDIR NAME...

Reads OUTDIR/in/NAME.map (replay-dump.py), OUTDIR/in/NAME.err, and the
guest's lines in OUTDIR/boot-{base,series}/results.txt. Writes
OUTDIR/NAME.tsv per dump and OUTDIR/summary.md; prints one TAP verdict per
dump ('ok DESC', 'not ok DESC', 'not ok DESC # TODO REASON').

A dump fails when the series puts apart two devices the base kernel
groups together (narrower than 6.12), when the series' boot and hot-add
partitions differ, or when hot-add after removal differs from the first
hot-add. Where the base replay differs from the groups the dump recorded,
that is the replay's fidelity, reported but not judged. Expected failures
are listed in topologies/real/xfail ('NAME REASON').
"""
import os
import sys
from collections import defaultdict

ORDERS = ('boot', 'hotadd', 'rescan')


def read_results(path):
    """{name: {order: {dev: group}}}, reasons, errors, done names."""
    groups = defaultdict(lambda: defaultdict(dict))
    reasons = defaultdict(lambda: defaultdict(dict))
    errors = defaultdict(list)
    done = set()
    if not os.path.exists(path):
        return groups, reasons, errors, done
    with open(path, errors='replace') as f:
        for line in f:
            w = line.split()
            if len(w) < 3 or w[0] != 'H':
                continue
            if w[1] == 'rpl' and len(w) >= 6:
                groups[w[2]][w[3]][w[4]] = w[5]
            elif w[1] == 'rpl-reason' and len(w) >= 6:
                reasons[w[2]][w[3]][w[4]] = (w[5], w[6] if len(w) > 6 else '-')
            elif w[1] == 'rpl-error':
                errors[w[2]].append(' '.join(w[3:]))
            elif w[1] == 'rpl-done':
                done.add(w[2])
    return groups, reasons, errors, done


def partition(col, devs):
    """The groups of a column over devs, as a set of frozensets."""
    by = defaultdict(set)
    for d in devs:
        g = col.get(d, '-')
        if g != '-':
            by[g].add(d)
    return {frozenset(s) for s in by.values()}


def load_xfail(top):
    x = {}
    p = os.path.join(top, 'topologies', 'real', 'xfail')
    if os.path.exists(p):
        for line in open(p):
            line = line.strip()
            if line and not line.startswith('#'):
                n, _, why = line.partition(' ')
                x[n] = why.strip()
    return x


def main():
    out = sys.argv[1]
    names = sys.argv[2:]
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    xfail = load_xfail(top)
    sg, sr, serr, sdone = read_results(os.path.join(out, 'boot-series', 'results.txt'))
    bg, _, berr, bdone = read_results(os.path.join(out, 'boot-base', 'results.txt'))
    summary = []
    totals = defaultdict(int)
    rules_total = defaultdict(int)
    for name in names:
        mapf = os.path.join(out, 'in', name + '.map')
        errf = os.path.join(out, 'in', name + '.err')
        if not os.path.exists(mapf):
            msg = open(errf).read().strip() if os.path.exists(errf) else 'no records'
            print('not ok replay %s: cannot be read: %s' % (name, msg))
            summary.append('| %s | - | - | - | - | - | - | unreadable: %s |' % (name, msg.replace('|', '/')))
            totals['unreadable'] += 1
            continue
        rows = [l.rstrip('\n').split('\t') for l in open(mapf)][1:]
        to_dump = {r[3]: r[0] for r in rows if r[3] != '-'}
        base = {to_dump.get(d, d): g for d, g in bg[name]['boot'].items()}
        cols = {o: {to_dump.get(d, d): g for d, g in sg[name][o].items()} for o in ORDERS}
        rsn = {}
        for d, (why, rel) in sr[name]['boot'].items():
            # The reason lines name a device as pci_name() does.
            rsn[to_dump.get(d, d)] = (why, to_dump.get(rel, rel))
        devs = [r[0] for r in rows]
        skipped = []
        with open(os.path.join(out, name + '.tsv'), 'w') as t:
            t.write('bdf\tids\trecorded\tbase\tboot\thotadd\treason\trelated\n')
            for bdf, ids, rec, rbdf, note in rows:
                b, s, h = base.get(bdf, '-'), cols['boot'].get(bdf, '-'), cols['hotadd'].get(bdf, '-')
                if b == '-' and s == '-' and h == '-':
                    skipped.append((bdf, note if note != '-' else 'not found by the PCI scan of the replay'))
                why, rel = rsn.get(bdf, ('-', '-'))
                t.write('\t'.join((bdf, ids, rec, b, s, h, why, rel)) + '\n')
        common = [d for d in devs if base.get(d, '-') != '-' and cols['boot'].get(d, '-') != '-']
        pb, ps = partition(base, common), partition(cols['boot'], common)
        ph = partition(cols['hotadd'], devs)
        pr = partition(cols['rescan'], devs)
        problems = []
        if serr.get(name) or berr.get(name):
            problems.append('replay error: ' + '; '.join(serr.get(name, []) + ['base: ' + e for e in berr.get(name, [])]))
        if name not in sdone or name not in bdone:
            problems.append('not finished in the %s boot' % ('series' if name not in sdone else 'base'))
        narrower = []
        s_of = {d: g for g in ps for d in g}
        for g in pb:
            parts = {s_of[d] for d in g}
            if len(parts) > 1:
                narrower.append(' | '.join(' '.join(sorted(p & g)) for p in parts))
        if narrower:
            problems.append('narrower than 6.12: ' + '; '.join(narrower))
        order_diff = []
        if partition(cols['boot'], devs) != ph:
            order_diff.append('boot and hot-add differ')
        if ph != pr:
            order_diff.append('hot-add after removal differs')
        # Widened: a series group that holds devices of several base groups.
        b_of = {d: g for g in pb for d in g}
        widened = []
        for g in ps:
            parts = {b_of[d] for d in g}
            if len(parts) > 1:
                rules = sorted({rsn.get(d, ('-', '-'))[0] for d in g} - {'isolated', '-'})
                rel = sorted({rsn[d][1] for d in g if d in rsn and rsn[d][1] != '-'})
                widened.append((rules, sorted(g), rel, len(parts)))
        lose = sum(1 for g in pb if len(g) == 1 and len(s_of[next(iter(g))]) > 1)
        # Fidelity: the base replay against what the machine recorded.
        recd = {r[0]: r[2] for r in rows}
        fid_devs = [d for d in common if recd.get(d, '-') != '-']
        fidelity = '-'
        gaps = []
        if fid_devs:
            prc, pbf = partition(recd, fid_devs), partition(base, fid_devs)
            if prc == pbf:
                fidelity = 'yes'
            else:
                fidelity = 'no'
                for g in prc - pbf:
                    gaps.append(' '.join(sorted(g)))
                totals['fidelity gaps'] += 1
        nrec = len({recd[d] for d in devs if recd.get(d, '-') != '-'}) or '-'
        wtxt = '; '.join('%s: %s (%d groups of 6.12%s)' % (
            '+'.join(r) or 'unexplained', ' '.join(g), n,
            ', through ' + ' '.join(rel) if rel else '') for r, g, rel, n in widened)
        summary.append('| %s | %d | %d | %s | %d | %d | %s | %s |' % (
            name, len(devs), len(skipped), nrec, len(pb), len(ps), fidelity,
            wtxt or 'none'))
        if gaps:
            summary.append('|  |  |  |  |  |  | recorded groups the base replay does not form: %s |  |' % '; '.join(gaps))
        if skipped:
            summary.append('|  |  | skipped: %s |  |  |  |  |  |' % '; '.join('%s (%s)' % s for s in skipped))
        totals['machines'] += 1
        totals['devices'] += len(devs)
        totals['skipped'] += len(skipped)
        totals['lose'] += lose
        if not widened:
            totals['unchanged'] += 1
        for r in {x for w in widened for x in (w[0] or ['unexplained'])}:
            rules_total[r] += 1
        desc = 'replay %s: %d devices (%d skipped), %d groups in 6.12, %d in the series (%d widened), boot = hot-add = hot-add again' % (
            name, len(devs), len(skipped), len(pb), len(ps), len(widened))
        if fidelity == 'no':
            desc += ', fidelity gap: %d recorded groups differ' % len(gaps)
        if problems:
            print('not ok %s: %s' % (desc.split(':')[0], '; '.join(problems + order_diff)))
        elif order_diff:
            if name in xfail:
                print('not ok %s: %s # TODO %s' % (desc.split(':')[0], '; '.join(order_diff), xfail[name]))
            else:
                print('not ok %s: %s' % (desc.split(':')[0], '; '.join(order_diff)))
        else:
            if name in xfail:
                print('not ok %s: XPASS, remove its line from topologies/real/xfail' % desc.split(':')[0])
            else:
                print('ok ' + desc)
    with open(os.path.join(out, 'summary.md'), 'w') as f:
        f.write('# Replay of recorded machines\n\n')
        f.write('Groups: as the machine recorded them, as 6.12 forms them in the replay (boot\n'
                'order), as the series forms them (boot order). Fidelity: the 6.12 replay\n'
                'gives the recorded partition. Widened: groups of the series that join\n'
                'groups of 6.12, with the rule (reason) that joins them.\n\n')
        f.write('| machine | devices | skipped | recorded | 6.12 | series | fidelity | widened by the series |\n')
        f.write('|---|---|---|---|---|---|---|---|\n')
        f.write('\n'.join(summary) + '\n\n')
        f.write('Totals: %d machines, %d devices (%d skipped); %d machines unchanged; '
                '%d with a fidelity gap; %d unreadable; %d devices lose a group of their own.\n'
                % (totals['machines'], totals['devices'], totals['skipped'], totals['unchanged'],
                   totals['fidelity gaps'], totals['unreadable'], totals['lose']))
        if rules_total:
            f.write('Machines widened, by rule: %s.\n' % ', '.join(
                '%s %d' % kv for kv in sorted(rules_total.items())))


if __name__ == '__main__':
    main()
