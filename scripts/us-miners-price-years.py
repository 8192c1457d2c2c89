#!/usr/bin/env python3
"""Writes cases/us-miners/prices-ercot2023.csv and prices-ercot2024.csv: the
case's price file with ERCOT's real 2023 (or 2024) hourly real-time hub
prices in its ERCOT columns, for the scenarios' price years.

Source: $GRIDFLIP_SHARED_DATA/ercot-hubs-2023-2024/ercot_rtm_spp_hourly_mean_hubs_2023_2024.csv
(ERCOT's public NP6-785-ER RT hub SPPs, hourly means of the 15-minute values).

- The year is ERCOT's own, local (Central) time: its hours run from
  01-01 06:00 UTC to the next 01-01 05:00 UTC. They are placed on the case's
  2025 calendar by month, day and hour of that local year's UTC instants;
  the six UTC hours 00:00-05:00 of 1 January, which belong to the previous
  local year, take the year's last six hours (31 December 18:00-23:00
  local). A leap year's 29 February is dropped (2025 has none).
- Columns HB_WEST, HB_NORTH and HB_SOUTH are the hubs themselves.
- Every other column (other regions) is the case's synthetic 2025 price
  scaled by the ratio of that ERCOT year's mean to the synthetic mean at the
  three hubs (assumption: other regions move with ERCOT's level, not its
  hours; the real-data folder held no hourly series for them).

Run from the repository root: python3 scripts/us-miners-price-years.py
"""
import csv
import os
import datetime as dt
import sys

SRC = os.path.join(os.environ["GRIDFLIP_SHARED_DATA"], "ercot-hubs-2023-2024/ercot_rtm_spp_hourly_mean_hubs_2023_2024.csv")
BASE = "cases/us-miners/prices.csv"
HUBS = ["HB_WEST", "HB_NORTH", "HB_SOUTH"]


def main():
    with open(BASE) as f:
        rows = list(csv.reader(f))
    header, base = rows[0], rows[1:]
    stamps = [r[0] for r in base]
    assert len(base) == 8760 and stamps[0] == "2025-01-01T00:00:00Z", "the base is 2025, hourly"
    real = {}
    with open(SRC) as f:
        for r in csv.DictReader(f):
            real[r["hour_start_utc"]] = r
    for year in (2023, 2024):
        start = dt.datetime(year, 1, 1, 6, tzinfo=dt.timezone.utc)  # local midnight, CST
        hours = []
        t = start
        while t < dt.datetime(year + 1, 1, 1, 6, tzinfo=dt.timezone.utc):
            hours.append(t)
            t += dt.timedelta(hours=1)
        by_slot = {}
        for t in hours:
            key = (t.month, t.day, t.hour) if t.year == year else None
            if key is None:  # 00:00-05:00 UTC of the next 1 January: wrap to 1 January of this year
                key = (1, 1, t.hour)
            if key[:2] == (2, 29):
                continue
            by_slot[key] = real[t.strftime("%Y-%m-%dT%H:%M:%SZ")]
        assert len(by_slot) == 8760, (year, len(by_slot))
        real_mean = sum(float(by_slot[k][h]) for k in by_slot for h in HUBS) / (3 * 8760)
        col = {h: header.index(h) for h in HUBS}
        synth_mean = sum(float(r[col[h]]) for r in base for h in HUBS) / (3 * 8760)
        ratio = real_mean / synth_mean
        out = [header]
        for r in base:
            t = dt.datetime.strptime(r[0], "%Y-%m-%dT%H:%M:%SZ")
            src = by_slot[(t.month, t.day, t.hour)]
            row = [r[0]]
            for i, name in enumerate(header[1:], start=1):
                if name in HUBS:
                    row.append(src[name])
                else:
                    row.append("%.2f" % (float(r[i]) * ratio))
            out.append(row)
        path = "cases/us-miners/prices-ercot%d.csv" % year
        with open(path, "w", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(out)
        print("%s: ERCOT %d hub mean %.2f USD/MWh, synthetic %.2f, other regions x %.3f" % (path, year, real_mean, synth_mean, ratio), file=sys.stderr)


if __name__ == "__main__":
    main()
