#!/bin/sh
# Imports the real PJM, MISO and NYISO prices of the real-data folder
# (iso-prices-2023-2024/, see its SOURCE.md) with gridflip's own importer,
# filling their gaps by the same hour of the same weekday from the nearest
# week, and puts them in cases/us-miners (scripts/us-miners-real-prices.py).
# Run from the repository root with GRIDFLIP_SHARED_DATA set.
set -eu
D="$GRIDFLIP_SHARED_DATA/iso-prices-2023-2024"
T="${TMPDIR:-/tmp}/us-miners-real-prices"
mkdir -p "$T"
G="go run ./cmd/gridflip"
F="--fill same-hour-nearest-week"
$G prices import --iso pjm --year 2024 $F --nodes "WESTERN HUB" --out "$T/pjm2024.csv" "$D/pjm/pjm_western_hub_rt_hrl_lmps_2024.csv"
for y in 2023 2024; do
  $G prices import --iso eia --year $y $F --nodes "Louisiana Hub,Indiana Hub,Minnesota Hub" --out "$T/miso$y.csv" "$D/miso/miso_lmp_rt_hr_hubs_$y.csv"
  $G prices import --iso eia --year $y $F --nodes "A - West" --out "$T/nyiso$y.csv" "$D/nyiso/nyiso_lmp_rt_hr_zones_$y.csv"
done
python3 scripts/us-miners-real-prices.py "$T"
