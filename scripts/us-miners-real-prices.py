#!/usr/bin/env python3
"""Puts real PJM, MISO and NYISO hourly prices in cases/us-miners.

Input: the tables scripts/us-miners-real-prices.sh imports with
`gridflip prices import` (local calendar years on each ISO's market clock,
gaps filled by same-hour-nearest-week; the spans are in the *.filled.csv
sidecars beside them). Each local year is placed on the case's 2025
calendar by month, day and UTC hour of its instants, as
scripts/us-miners-price-years.py places ERCOT's: the UTC hours of 1 January
before local midnight take the local year's last hours (they fall on
1 January of the next UTC year); a leap year's 29 February is dropped.

Columns (case node <- source node):
  PJM_WEST     <- PJM Western Hub (pnode 51288), real-time LMP
  NYISO_A      <- NYISO zone A - West, real-time LBMP (EIA portal)
  MISO_SOUTH   <- MISO Louisiana Hub, real-time LMP (EIA portal)
  MISO_CENTRAL <- MISO Indiana Hub, real-time LMP (EIA portal)
  ND_MISO      <- MISO Minnesota Hub, real-time LMP (EIA portal)

prices.csv takes the 2024 years; prices-ercot2023.csv takes MISO's and
NYISO's 2023 and PJM's 2024 (the real-data folder has no PJM 2023);
prices-ercot2024.csv takes the 2024 years. Other columns are unchanged.

Usage: python3 scripts/us-miners-real-prices.py DIR
"""
import csv
import datetime as dt
import os
import sys

COLUMNS = {  # case column: (source file stem, source column)
    "PJM_WEST": ("pjm", "WESTERN HUB"),
    "NYISO_A": ("nyiso", "A - West"),
    "MISO_SOUTH": ("miso", "Louisiana Hub"),
    "MISO_CENTRAL": ("miso", "Indiana Hub"),
    "ND_MISO": ("miso", "Minnesota Hub"),
}
TARGETS = {  # case file: year of each source
    "cases/us-miners/prices.csv": {"pjm": 2024, "nyiso": 2024, "miso": 2024},
    "cases/us-miners/prices-ercot2023.csv": {"pjm": 2024, "nyiso": 2023, "miso": 2023},
    "cases/us-miners/prices-ercot2024.csv": {"pjm": 2024, "nyiso": 2024, "miso": 2024},
}


def slots(path, column):
    """The local year's prices by (month, day, UTC hour) of the case year."""
    with open(path) as f:
        rows = list(csv.DictReader(f))
    out = {}
    year = None
    for r in rows:
        t = dt.datetime.strptime(r["timestamp"], "%Y-%m-%dT%H:%M:%SZ")
        if year is None:
            year = t.year if t.hour == 0 else t.year  # local midnight falls on 1 January UTC
        key = (t.month, t.day, t.hour)
        if (t.month, t.day) == (2, 29):
            continue
        if t.year != year:  # the next UTC year's first hours: 1 January of this one
            key = (1, 1, t.hour)
        assert key not in out, (path, key)
        out[key] = r[column]
    assert len(out) == 8760, (path, len(out))
    return out


def main():
    src = sys.argv[1]
    cache = {}
    for target, years in TARGETS.items():
        with open(target) as f:
            rows = list(csv.reader(f))
        header = rows[0]
        for col, (stem, source) in COLUMNS.items():
            path = os.path.join(src, "%s%d.csv" % (stem, years[stem]))
            if (path, source) not in cache:
                cache[(path, source)] = slots(path, source)
            by = cache[(path, source)]
            i = header.index(col)
            for r in rows[1:]:
                t = dt.datetime.strptime(r[0], "%Y-%m-%dT%H:%M:%SZ")
                r[i] = by[(t.month, t.day, t.hour)]
        with open(target, "w", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
        print(target, file=sys.stderr)


if __name__ == "__main__":
    main()
