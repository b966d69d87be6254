#!/usr/bin/env python3
"""Plot microseconds per device against devices, log-log, as SVG.

    bench-plot.py BENCH.tsv QEMU.tsv OUT.svg

BENCH.tsv (devices kernel what us_total us_per_device) from the replay:
a line per kernel and measure. QEMU.tsv (devices kernel us_total
us_per_device), the QEMU-device small end, as hollow points.
"""
import math
import sys

W, H, L, R, T, BOT = 720, 440, 70, 170, 30, 50
COLORS = {'base': '#c0392b', 'series': '#2471a3'}


def read(path):
    with open(path) as f:
        head = f.readline().rstrip('\n').split('\t')
        return [dict(zip(head, line.rstrip('\n').split('\t'))) for line in f if line.strip()]


def main():
    bench, qemu, out = sys.argv[1:4]
    rows = read(bench)
    qrows = read(qemu)
    pts = [(int(r['devices']), float(r['us_per_device'])) for r in rows] + \
        [(int(r['devices']), float(r['us_per_device'])) for r in qrows]
    pts = [(d, u) for d, u in pts if d > 0 and u > 0]
    if not pts:
        sys.exit('nothing to plot')
    x0 = 10 ** math.floor(math.log10(min(d for d, _ in pts)))
    x1 = 10 ** math.ceil(math.log10(max(d for d, _ in pts)))
    y0 = 10 ** math.floor(math.log10(min(u for _, u in pts)))
    y1 = 10 ** math.ceil(math.log10(max(u for _, u in pts)))

    def px(d):
        return L + (math.log10(d) - math.log10(x0)) / (math.log10(x1) - math.log10(x0)) * (W - L - R)

    def py(u):
        return H - BOT - (math.log10(u) - math.log10(y0)) / (math.log10(y1) - math.log10(y0)) * (H - T - BOT)

    s = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
         'font-family="sans-serif" font-size="12">' % (W, H),
         '<rect width="100%" height="100%" fill="white"/>']
    e = int(math.log10(x0))
    while 10 ** e <= x1:
        x = px(10 ** e)
        s.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>' % (x, T, x, H - BOT))
        s.append('<text x="%.1f" y="%d" text-anchor="middle">%g</text>' % (x, H - BOT + 16, 10 ** e))
        e += 1
    e = int(math.log10(y0))
    while 10 ** e <= y1:
        y = py(10 ** e)
        s.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>' % (L, y, W - R, y))
        s.append('<text x="%d" y="%.1f" text-anchor="end">%g</text>' % (L - 6, y + 4, 10 ** e))
        e += 1
    s.append('<text x="%d" y="%d" text-anchor="middle">PCI devices</text>' % ((L + W - R) // 2, H - 12))
    s.append('<text x="16" y="%d" transform="rotate(-90 16 %d)" text-anchor="middle">'
             'virtual microseconds per device</text>' % ((T + H - BOT) // 2, (T + H - BOT) // 2))
    ly = T + 10
    for kernel in ('base', 'series'):
        for what, dash in (('all', ''), ('hotadd', ' stroke-dasharray="5,4"')):
            line = sorted((int(r['devices']), float(r['us_per_device'])) for r in rows
                          if r['kernel'] == kernel and r['what'] == what)
            if not line:
                continue
            c = COLORS[kernel]
            s.append('<polyline fill="none" stroke="%s" stroke-width="2"%s points="%s"/>' %
                     (c, dash, ' '.join('%.1f,%.1f' % (px(d), py(u)) for d, u in line)))
            for d, u in line:
                s.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (px(d), py(u), c))
            s.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>' %
                     (W - R + 12, ly, W - R + 36, ly, c, dash))
            s.append('<text x="%d" y="%d">%s, %s</text>' %
                     (W - R + 42, ly + 4, kernel, 'all devices' if what == 'all' else 'hot-add one'))
            ly += 18
        q = sorted((int(r['devices']), float(r['us_per_device'])) for r in qrows if r['kernel'] == kernel)
        if q:
            for d, u in q:
                s.append('<circle cx="%.1f" cy="%.1f" r="4" fill="none" stroke="%s"/>' %
                         (px(d), py(u), COLORS[kernel]))
            s.append('<circle cx="%d" cy="%d" r="4" fill="none" stroke="%s"/>' % (W - R + 24, ly, COLORS[kernel]))
            s.append('<text x="%d" y="%d">%s, QEMU devices</text>' % (W - R + 42, ly + 4, kernel))
            ly += 18
    s.append('</svg>')
    with open(out, 'w') as f:
        f.write('\n'.join(s) + '\n')


if __name__ == '__main__':
    main()
