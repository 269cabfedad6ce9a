#!/usr/bin/env python3
"""How often `takt fit` rejects the family the data were drawn from.

Draws data sets from a known family (gamma, Weibull, lognormal rounded to whole
units, normal, shifted lognormal and gamma: a minimum time plus the family, and
censored Weibull, gamma and lognormal: durations cut off at a random or a fixed
time, fitted with --censored),
fits that family with `takt fit --families F --bootstrap 199`,
and counts Anderson-Darling and Kolmogorov-Smirnov p-values at or below 5% and
10%: a test that keeps its level rejects about 5% and 10% of them.

    python3 tools/fit-calibration.py [DATA_SETS [CASE]]  (default 200; CASE: only cases whose name contains it; TAKT names the binary)
"""
import tempfile
import json, random, subprocess, sys, os, math
takt = os.environ.get("TAKT", ".build/release/takt")
def trial(seed, family, gen, n, rounded=False):
    random.seed(seed)
    xs = [gen() for _ in range(n)]
    censored = isinstance(xs[0], tuple)  # (duration, cut-off time): the smaller, censored when the duration is longer
    flags = [x[0] > x[1] for x in xs] if censored else []
    if censored: xs = [min(x) for x in xs]
    if rounded: xs = [max(1, round(x)) for x in xs]
    path = os.path.join(tempfile.gettempdir(), f"takt-fit-calibration-{os.getpid()}.csv")
    rows = [f"{x!r},{int(c)}" for x, c in zip(xs, flags)] if censored else [repr(x) for x in xs]
    open(path, "w").write(("value,censored\n" if censored else "") + "\n".join(rows) + "\n")
    options = ["--column", "value", "--censored", "censored"] if censored else []
    out = subprocess.run([takt, "fit", path, "--families", family, "--bootstrap", "199", "--seed", str(seed), "--json"] + options, capture_output=True, text=True)
    d = json.loads(out.stdout)
    c = d["candidates"][0]
    return c["ad_p"], c["ks_p"]
cases = [
  ("gamma n=30", "gamma", lambda: random.gammavariate(2, 15), 30, False),
  ("weibull n=100", "weibull", lambda: random.weibullvariate(3600, 1.4), 100, False),
  ("lognormal n=500 whole minutes", "lognormal", lambda: random.lognormvariate(math.log(20) - 0.15, 0.55), 500, True),
  ("normal n=50", "normal", lambda: random.gauss(60, 8), 50, False),
  ("shifted lognormal n=200 to 0.1 s", "shifted-lognormal", lambda: round(45 + random.lognormvariate(math.log(20) - 0.25, 0.7), 1), 200, False),
  ("shifted gamma n=100", "shifted-gamma", lambda: 120 + random.gammavariate(2.5, 12), 100, False),
  ("censored weibull n=80, cut off at random (about 30%)", "weibull", lambda: (random.weibullvariate(100, 1.8), random.uniform(0, 250)), 80, False),
  ("censored gamma n=150, cut off at random (about 25%)", "gamma", lambda: (random.gammavariate(3, 10), random.expovariate(1 / 90)), 150, False),
  ("censored lognormal n=200 whole hours, cut off at 60 h (about 20%)", "lognormal", lambda: (random.lognormvariate(math.log(30), 0.8), 60), 200, True),
]
trials = int(sys.argv[1]) if len(sys.argv) > 1 else 200
only = sys.argv[2] if len(sys.argv) > 2 else ""
for name, fam, gen, n, r in cases:
    if only not in name: continue
    ad5 = ad10 = ks5 = ks10 = 0
    for t in range(trials):
        ad, ks = trial(1000 + t, fam, gen, n, r)
        ad5 += ad <= 0.05; ad10 += ad <= 0.10; ks5 += ks <= 0.05; ks10 += ks <= 0.10
    print(f"{name}: {trials} data sets; AD rejects {ad5/trials:.1%} at 5%, {ad10/trials:.1%} at 10%; KS {ks5/trials:.1%} at 5%, {ks10/trials:.1%} at 10%")
