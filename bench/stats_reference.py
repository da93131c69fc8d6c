"""Reference values for `app/src/domain/stats/tests.rs`, computed with SciPy.

    /work/scratch/pk-venv/bin/pip install scipy numpy
    /work/scratch/pk-venv/bin/python bench/stats_reference.py

Prints Rust constants: the data (a deterministic sequence, so nothing random is
shared) and what scipy.stats answers for it. Last run: scipy 1.17.1, numpy 2.4.6 (Python 3.11).
"""
import math

import numpy as np
import scipy
from scipy import stats

# 40 days: a slowly rising acceptance rate with a wobble, and two outliers.
x = [float(i) for i in range(40)]
y = [0.62 + 0.004 * i + 0.03 * math.sin(1.7 * i) for i in range(40)]
y[7] = 0.15
y[31] = 0.99
# Confidence against acceptance share, with ties.
c = [round(0.3 + 0.0175 * i, 2) for i in range(40)]
a = [round(0.4 + 0.01 * i + 0.05 * math.cos(2.3 * i), 1) for i in range(40)]


def rust(name, values):
    return f"const {name}: [f64; {len(values)}] = [{', '.join(repr(float(v)) for v in values)}];"


print(f"// scipy {scipy.__version__}, numpy {np.__version__}")
print(rust("X", x))
print(rust("Y", y))
print(rust("C", c))
print(rust("A", a))
fit = stats.linregress(x, y)
print(f"const TREND: (f64, f64, f64, f64) = ({float(fit.slope)!r}, {float(fit.intercept)!r}, {float(fit.rvalue ** 2)!r}, {float(fit.pvalue)!r});")
flat = stats.linregress(x, [0.7 + 0.03 * math.sin(1.7 * i) for i in range(40)])
print(f"const FLAT_P: f64 = {float(flat.pvalue)!r};")
r = stats.pearsonr(c, a)
print(f"const PEARSON: (f64, f64) = ({float(r.statistic)!r}, {float(r.pvalue)!r});")
rho = stats.spearmanr(c, a)
print(f"const SPEARMAN: (f64, f64) = ({float(rho.statistic)!r}, {float(rho.pvalue)!r});")
q1, q3 = np.percentile(y, [25, 75])
print(f"const QUARTILES: (f64, f64) = ({float(q1)!r}, {float(q3)!r});")
z = stats.zscore(y, ddof=1)
print(f"const Z_OF_7: f64 = {float(z[7])!r};")
med = np.median(y)
mad = np.median(np.abs(np.array(y) - med))
print(f"const MODIFIED_Z_OF_7: f64 = {float(0.6745 * (y[7] - med) / mad)!r};")
ts = [(2.0, 10.0), (0.5, 3.0), (3.3, 38.0), (-1.2, 120.0), (8.0, 5.0)]
print("const T_P: [(f64, f64, f64); 5] = [" + ", ".join(f"({float(t)!r}, {float(df)!r}, {float(2 * stats.t.sf(abs(t), df))!r})" for t, df in ts) + "];")
# Two strategies: 412 of 520 accepted against 350 of 480.
na, sa, nb, sb = 520, 412, 480, 350
pa, pb, pooled = sa / na, sb / nb, (sa + sb) / (na + nb)
zz = (pa - pb) / math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
half = stats.norm.ppf(0.975) * se
print(f"const TWO_PROPORTIONS: (f64, f64, f64, f64) = ({float(zz)!r}, {float(2 * stats.norm.sf(abs(zz)))!r}, {float(pa - pb - half)!r}, {float(pa - pb + half)!r});")
