#!/usr/bin/env python3
"""Writes the synthetic SHK edge files in this folder (no real recordings exist here).

Each file is one `<microseconds> rise|fall` per line, `#` comments. SHK is active high in
these files: the pin starts low (loop open, phone on hook), `rise` = the loop closes, `fall` =
it opens. Timing follows what a Japanese phone may send (HookSignalProfile's sources): dial
pulses at 10 pps (period 100 ms: break ~67 ms / make ~33 ms, speed 9.5-10.5 pps) and 20 pps
(period 50 ms: break ~33 ms / make ~17 ms, speed 19-21 pps), inter-digit pauses 600-800 ms
(10 pps) and 450-600 ms (20 pps), hook-switch contact bounce as bursts of sub-millisecond
toggles lasting 1-2 ms, a manual hook flash of ~300 ms (the decoder's limit is 1000 ms), a
10 ms line hit and a 2 ms glitch. Jitter comes from a seeded generator, so rerunning this
script rewrites the same files: `python3 make_edges.py`.
"""
import random

rng = random.Random(20240605)


class Line:
    def __init__(self):
        self.t = 0.0            # µs
        self.closed = False
        self.edges = []         # (µs, closed)

    def edge(self, closed, bounce=False):
        assert closed != self.closed
        self.edges.append((round(self.t), closed))
        self.closed = closed
        if bounce:
            # A burst of 2-3 back-and-forth toggles, 150-450 µs apart, settling on `closed`.
            t = self.t
            for _ in range(rng.choice((2, 3))):
                t += rng.uniform(150, 450)
                self.edges.append((round(t), not closed))
                t += rng.uniform(150, 450)
                self.edges.append((round(t), closed))
            self.t = t
        return self

    def hold_ms(self, ms):
        self.t += ms * 1000.0
        return self

    def digit(self, d, pps, break_ratio=0.67, bounce=False):
        pulses = 10 if d == '0' else int(d)
        period = 1e6 / pps
        for _ in range(pulses):
            brk = period * (break_ratio + rng.uniform(-0.01, 0.01))
            self.edge(False)
            self.t += brk
            self.edge(True, bounce=bounce and rng.random() < 0.3)
            self.t += period - brk
        return self


def write(name, header, line):
    with open(name, 'w') as f:
        f.write(f'# {name}: synthetic SHK edges, written by make_edges.py (no real recording exists here).\n')
        for h in header:
            f.write(f'# {h}\n')
        f.write('# Format: <µs> rise|fall; SHK active high, pin low (loop open) at 0 µs.\n')
        for t, closed in line.edges:
            f.write(f"{t} {'rise' if closed else 'fall'}\n")


# Off-hook with contact bounce, a 3 s call, on-hook with bounce.
l = Line().hold_ms(200).edge(True, bounce=True).hold_ms(3000).edge(False, bounce=True).hold_ms(100)
write('offhook-bounce-onhook.edges',
      ['Off-hook at 200 ms with a bounce burst, held 3 s, on-hook with a bounce burst.',
       'Expected: OffHook (within the burst), OnHook (dated at the break).'], l)

# The temporary-password access number at 10 pps, speed varying per digit.
l = Line().hold_ms(100).edge(True, bounce=True).hold_ms(1500)
for d in '0363044747':
    l.digit(d, pps=rng.choice((9.5, 10.0, 10.5)), bounce=True)
    l.hold_ms(rng.uniform(600, 800))
l.hold_ms(1000).edge(False, bounce=True).hold_ms(100)
write('dial-0363044747-10pps.edges',
      ['Off-hook, 1.5 s of dial tone, 0363044747 at 9.5/10/10.5 pps (break ratio ~67 %),',
       'pauses 600-800 ms, some makes bouncing, then on-hook.',
       'Expected: OffHook, digits 0 3 6 3 0 4 4 7 4 7, OnHook.'], l)

# 20 pps digits.
l = Line().hold_ms(100).edge(True, bounce=True).hold_ms(1000)
for d in '1590':
    l.digit(d, pps=rng.choice((19.0, 20.0, 21.0)))
    l.hold_ms(rng.uniform(450, 600))
l.hold_ms(500).edge(False, bounce=True).hold_ms(100)
write('dial-20pps.edges',
      ['Off-hook, 1590 at 19/20/21 pps (break ~33 ms / make ~17 ms), pauses 450-600 ms, on-hook.',
       'Expected: OffHook, digits 1 5 9 0, OnHook.'], l)

# A hook flash between two digits.
l = Line().hold_ms(100).edge(True, bounce=True).hold_ms(1000)
l.digit('2', pps=10.0).hold_ms(800)
l.edge(False, bounce=True).hold_ms(300).edge(True, bounce=True).hold_ms(1000)
l.digit('5', pps=10.0).hold_ms(800)
l.edge(False, bounce=True).hold_ms(100)
write('hook-flash.edges',
      ['Off-hook, digit 2 at 10 pps, a ~300 ms hook flash (bounce at both ends; limit 1000 ms),',
       'digit 5, on-hook.',
       'Expected: OffHook, 2, HookFlash, 5, OnHook.'], l)

# A line hit and a glitch during a call.
l = Line().hold_ms(100).edge(True, bounce=True).hold_ms(1000)
l.edge(False).hold_ms(10).edge(True).hold_ms(1000)     # 10 ms break: a line hit (5-20 ms)
l.edge(False).hold_ms(2).edge(True).hold_ms(1000)      # 2 ms: under the 5 ms debounce
l.edge(False, bounce=True).hold_ms(100)
write('line-hit.edges',
      ['Off-hook, a 10 ms break (line hit) after 1 s, a 2 ms glitch after 2 s, on-hook.',
       'Expected: OffHook, OnHook only; one line hit counted.'], l)
