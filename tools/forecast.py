#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""forecast.py: the dated figures a run forecasts, read from its monthly.csv.

    tools/forecast.py RESULT_DIR [--group total] [--at 2024-12,2025-06]

For each date, in the program arm of the group (default: the total row):
  - EBE employees and FTE at the end of that month (mean over replications, 95 % interval);
  - State CDE spending: the month's CDE x 12 (annualised rate) and the calendar year's sum up to
    and including that month;
  - net cost per FTE-year over the 12 months ending that month, with the headline's definition
    (the sum over payers of outlay with minus without the program, docs/model.md 7.8, divided by
    FTE-years), from the replication means of the monthly cells (a ratio of sums of means).
Pure Python (no third-party module), so it runs wherever tzsim's results are.
"""
import argparse
import csv
import os
import sys


def read_rows(path, group):
    """Rows of one group, keyed by (date, arm): {column: mean}."""
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["territory"] != group:
                continue
            out[(row["date"], row["arm"])] = row
    if not out:
        sys.exit(f"forecast.py: {path}: no row for group '{group}'")
    return out


def month_add(date, k):
    y, m = int(date[:4]), int(date[5:7])
    n = y * 12 + (m - 1) + k
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


PAYERS = ("state", "department", "unemployment_insurance", "family_fund", "social_security", "local_authorities")


def value(rows, date, arm, col):
    row = rows.get((date, arm))
    if row is None:
        raise KeyError(date)
    if col not in row:
        sys.exit(f"forecast.py: monthly.csv has no column '{col}'")
    return float(row[col])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("result_dir")
    ap.add_argument("--group", default="total")
    ap.add_argument("--at", default="2024-12,2025-06", help="comma-separated YYYY-MM dates")
    a = ap.parse_args()
    rows = read_rows(os.path.join(a.result_dir, "monthly.csv"), a.group)
    print(f"# {a.result_dir}, group {a.group}, program arm (mean [95 % interval] over replications)")
    print("date     ebe_persons              ebe_fte                  cde_state_annualised_eur  cde_state_year_to_date_eur  net_cost_per_fte_year_12m_eur")
    for date in a.at.split(","):
        date = date.strip()
        try:
            ebe = [value(rows, date, "program", c) for c in ("ebe", "ebe_lo", "ebe_hi")]
            fte = [value(rows, date, "program", c) for c in ("ebe_fte", "ebe_fte_lo", "ebe_fte_hi")]
            cde = value(rows, date, "program", "cde_state_eur")
        except KeyError:
            print(f"{date}  outside the run's horizon")
            continue
        ytd, d = 0.0, date[:4] + "-01"
        while d <= date:
            ytd += value(rows, d, "program", "cde_state_eur")
            d = month_add(d, 1)
        net_cost = fte_years = 0.0
        for k in range(12):
            d = month_add(date, -k)
            if (d, "program") not in rows:
                break
            for payer in PAYERS:
                col = f"outlay_{payer}_eur"
                net_cost += value(rows, d, "program", col) - value(rows, d, "counterfactual", col)
            fte_years += value(rows, d, "program", "ebe_fte") / 12.0
        net = net_cost / fte_years if fte_years > 0 else float("nan")
        print(f"{date}  {ebe[0]:7.0f} [{ebe[1]:6.0f}, {ebe[2]:6.0f}]  {fte[0]:7.0f} [{fte[1]:6.0f}, {fte[2]:6.0f}]"
              f"  {12 * cde:24,.0f}  {ytd:26,.0f}  {net:29,.0f}")


if __name__ == "__main__":
    main()
