#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Job-finding hazards of tzsim against published figures (Python 3, standard library only).

The model (docs/model.md section 7.3): a person without a stable job for s months (the spell), of
employability e (a log-normal of mean 1 and sigma labour.employability_sigma, quantiles as in tzsim),
searching (not holding a precarious job), finds a job in a month with probability
h = min(1, f[band(s)] * e), f = labour.job_finding_rate (age 30-49, registered). The job is
precarious with probability p(e) = min(1, precarious_share * e^-precarious_share_elasticity); a
precarious job keeps the person without stable job (status and spell unchanged) and ends with the
monthly hazard q(e, s) = min(1, precarious_separation_rate[s >= 12] * e^-elasticity), after which
the person searches again with the spell continued. A stable job ends the spell.

For an inflow of people entering at spell 0 with the unconditional employability mix (and a monthly
exit from the working-age population of 1/528, the working life), this script computes

  * the cohort's cumulative exit from searching, to any job, after 1, 2, 3, 4 quarters
      (INSEE via latribune.fr 26/07/2017: 42, 64, 73, 77 %; data/README.md "People and the labour
      market", row "exit from unemployment, inflow cohort");
  * the stationary seniority of the stock without stable job (searching or precarious: the
      registered categories A, B, C), by spell band
      (DARES Aug 2015: 21/15/20/20/10/14 % for <3 m, 3-6, 6-12, 1-2 y, 2-3, >=3);
  * the mean monthly job-finding hazard of the searching stock under one year and after three
      years, i.e. at the employability mix that the spell leaves (INSEE 2016: 27.8 % and 6.7 % a
      quarter, about 10.3 % and 2.3 % a month);

and fits the table (decreasing with the spell) to the cohort exits and the two hazards by least
squares on relative errors, by Nelder-Mead on the log of the first hazard and the logs of the
log-decrements (with restarts). It prints what the previous table, the fit
and the table in use (the fit rounded, as set in models/params.c and scenarios/common.cfg)
reproduce, with the stationary share of the stock at 12 months or more (44 % in the DARES shares;
the territories' unemployed_start = ppde_start x 56/44 rests on it).

Simplifications (docs/model.md section 9): no age (factor 1), everyone registered (the unregistered
have labour.unregistered_finding_factor times these hazards and are outside both data sources), and
exits at a constant 1/528 a month instead of retirement at a fixed age.
Run: python3 tools/calibrate_hazards.py   (about a minute; --no-fit: only the tables' statistics)
"""
import math
import sys
from statistics import NormalDist

SIGMA = 0.7                       # labour.employability_sigma
PREC_SHARE, PREC_SHARE_EL = 0.55, 0.3   # labour.precarious_share, _elasticity
PREC_SEP, PREC_SEP_EL = (0.15, 0.25), 0.5  # labour.precarious_separation_rate, _elasticity
EXIT = 1.0 / 528                  # leaving the working-age population (exit_rate 0.0008 + 1/528 ~ retirement)
MONTHS = 480
TABLE_IN_USE = [0.194, 0.194, 0.059, 0.057, 0.052, 0.052]  # the fit below, rounded (models/params.c, scenarios/common.cfg)

SENIORITY = [0.21, 0.15, 0.20, 0.20, 0.10, 0.14]
COHORT = [0.42, 0.64, 0.73, 0.77]
HAZ_SHORT, HAZ_LONG = 0.103, 0.023
# The seniority shares are printed, not fitted: tzsim's spell counts months since the last stable
# job (the fund's definition), through precarious jobs, whereas registered seniority restarts when a
# person leaves the registers (e.g. for a full-time short contract). Set to 1 to fit them too.
W_SENIORITY = float(next((a.split("=")[1] for a in sys.argv if a.startswith("--seniority-weight=")), "0"))
BANDS = [(0, 3), (3, 6), (6, 12), (12, 24), (24, 36), (36, 100000)]
BANDOF = [next(i for i, (lo, hi) in enumerate(BANDS) if lo <= mm < hi) for mm in range(MONTHS)]


def levels(n):
    z = [NormalDist().inv_cdf((i + 0.5) / n) for i in range(n)]
    e = [math.exp(-SIGMA * SIGMA / 2 + SIGMA * x) for x in z]
    m = sum(e) / n
    return [x / m for x in e]


def stats(f, e):
    """Seniority shares of the stock, cohort exits after 1-4 quarters, mean hazards <12 and >=36
    months of the searching stock, share of the stock at 12 months or more."""
    n = len(e)
    pi = [min(1.0, PREC_SHARE * x ** -PREC_SHARE_EL) for x in e]
    q = [[min(1.0, PREC_SEP[lt] * x ** -PREC_SEP_EL) for x in e] for lt in (0, 1)]
    search = [1.0] * n        # stationary stock profile: searching, holding a precarious job
    prec = [0.0] * n
    first = [1.0] * n         # cohort survival in its first search (no exit yet)
    stock = [0.0] * 6
    hs_num = hs_den = hl_num = hl_den = 0.0
    exits = []
    for mm in range(MONTHS):
        if mm in (3, 6, 9, 12):
            exits.append(1 - sum(first) / n)
        b = BANDOF[mm]
        stock[b] += (sum(search) + sum(prec)) / n
        h = [min(1.0, f[b] * x) for x in e]
        found = sum(s * hh for s, hh in zip(search, h)) / n
        if mm < 12:
            hs_num += found
            hs_den += sum(search) / n
        if mm >= 36:
            hl_num += found
            hl_den += sum(search) / n
        lt = 1 if mm >= 12 else 0
        ns = [(1 - EXIT) * (s * (1 - hh) + p * qq) for s, p, hh, qq in zip(search, prec, h, q[lt])]
        np_ = [(1 - EXIT) * (s * hh * pp + p * (1 - qq)) for s, p, hh, pp, qq in zip(search, prec, h, pi, q[lt])]
        search, prec = ns, np_
        first = [s * (1 - hh) for s, hh in zip(first, h)]
    t = sum(stock)
    return [x / t for x in stock], exits, hs_num / hs_den, hl_num / hl_den, sum(stock[3:]) / t


def loss(f, e):
    sh, ex, a, b, _ = stats(f, e)
    return (W_SENIORITY * sum(((p - q) / q) ** 2 for p, q in zip(sh, SENIORITY)) +
            sum(((p - q) / q) ** 2 for p, q in zip(ex, COHORT)) +
            ((a - HAZ_SHORT) / HAZ_SHORT) ** 2 + ((b - HAZ_LONG) / HAZ_LONG) ** 2)


def table_of(x):
    """A decreasing table: exp(x0), then each band the previous times exp(-exp(xi))."""
    f = [math.exp(x[0])]
    for d in x[1:]:
        f.append(f[-1] * math.exp(-math.exp(d)))
    return f


def nelder_mead(fun, x0, step, iters):
    n = len(x0)
    pts = [x0[:]] + [[x0[j] + (step if j == i else 0) for j in range(n)] for i in range(n)]
    vals = [fun(p) for p in pts]
    for _ in range(iters):
        order = sorted(range(n + 1), key=lambda k: vals[k])
        pts, vals = [pts[k] for k in order], [vals[k] for k in order]
        c = [sum(p[i] for p in pts[:-1]) / n for i in range(n)]
        xr = [c[i] + (c[i] - pts[-1][i]) for i in range(n)]
        fr = fun(xr)
        if fr < vals[0]:
            xe = [c[i] + 2 * (c[i] - pts[-1][i]) for i in range(n)]
            fe = fun(xe)
            pts[-1], vals[-1] = (xe, fe) if fe < fr else (xr, fr)
        elif fr < vals[-2]:
            pts[-1], vals[-1] = xr, fr
        else:
            xc = [c[i] + 0.5 * (pts[-1][i] - c[i]) for i in range(n)]
            fc = fun(xc)
            if fc < vals[-1]:
                pts[-1], vals[-1] = xc, fc
            else:
                for k in range(1, n + 1):
                    pts[k] = [pts[0][i] + 0.5 * (pts[k][i] - pts[0][i]) for i in range(n)]
                    vals[k] = fun(pts[k])
    k = min(range(n + 1), key=lambda k: vals[k])
    return pts[k]


def report(name, f, e):
    sh, ex, a, b, lt = stats(f, e)
    print(name, [round(v, 4) for v in f])
    print("  seniority %   ", [round(100 * v, 1) for v in sh], " data", [round(100 * v) for v in SENIORITY],
          "  (12 m or more: %.1f %%, data 44)" % (100 * lt))
    print("  cohort exit % ", [round(100 * v, 1) for v in ex], " data", [round(100 * v) for v in COHORT])
    print("  hazard of the searching stock: <12 m %.2f %%, >=36 m %.2f %% a month  (data %.1f, %.1f)" %
          (100 * a, 100 * b, 100 * HAZ_SHORT, 100 * HAZ_LONG))
    print("  loss %.5f" % loss(f, e))


if __name__ == "__main__":
    e256 = levels(256)
    report("previous table (model v1)", [0.15, 0.14, 0.135, 0.13, 0.125, 0.12], e256)
    if "--no-fit" not in sys.argv:
        e64 = levels(64)  # the fit on 64 quantiles (faster); its statistics on tzsim's 256
        x = [math.log(0.2), -3.0, -1.0, -1.0, -1.5, -2.0]
        for step, iters in ((0.3, 300), (0.2, 200), (0.2, 200), (0.1, 200), (0.05, 200)):  # restarts
            x = nelder_mead(lambda y: loss(table_of(y), e64), x, step, iters)
        report("least-squares fit", table_of(x), e256)
    report("table in use (labour.job_finding_rate)", TABLE_IN_USE, e256)
