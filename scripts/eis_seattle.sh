#!/usr/bin/env bash
# Early-intervention evaluation on Seattle, from the public file to the tables of
# docs/eis-evaluation.md, in one command (about 2 minutes on 2 cores):
#
#   scripts/eis_seattle.sh [WORK_DIR]        (default /tmp/eis-seattle)
#
# 1. imports SPD's Use of Force file 2014-01 .. 2022-04 into a fresh SQLite database
#    (DATABASE_URL, default sqlite:///WORK_DIR/eis.sqlite3; an existing file is replaced);
# 2. writes a snapshot of the agency (WORK_DIR/snapshot);
# 3. runs `forcewatch eis evaluate` with yearly splits 2017-2021 (training from 2015; the
#    2022 window is incomplete). Seattle publishes no complaints, so the label is SPD's own
#    most serious force level: a Level 3 use of force or an officer-involved shooting in the
#    next 12 months (force_reported_level_3): WORK_DIR/evaluation. A second run with Level 2
#    or higher (force_reported_level_2), decided before either was run: WORK_DIR/evaluation-level2.
# Data: ../shared/data/seattle_spd_uof (or FORCEWATCH_SHARED_DATA). Python: the venv's, or $PYTHON.
set -euo pipefail

WORK_DEFAULT=/tmp/eis-seattle DATA_FOLDER=seattle_spd_uof
# shellcheck source=scripts/eis_common.sh
source "$(dirname "$0")/eis_common.sh" "$@"

echo "== import: Use of Force 2014-2022" >&2
forcewatch import --agency seattle --quiet \
  --mapping "$MAPPINGS/seattle-uof.yaml" "$DATA/Use_Of_Force.csv.gz"

echo "== snapshot" >&2
forcewatch snapshot --agency seattle --out "$WORK/snapshot" --force

years=(--first-train-year 2015 --first-test-year 2017 --last-test-year 2021)
echo "== evaluate: Level 3 / OIS in the next year" >&2
forcewatch eis evaluate --snapshot "$WORK/snapshot" --agency seattle \
  --out "$WORK/evaluation" --label force_reported_level_3 "${years[@]}"

echo "== evaluate: Level 2 or higher in the next year" >&2
forcewatch eis evaluate --snapshot "$WORK/snapshot" --agency seattle \
  --out "$WORK/evaluation-level2" --label force_reported_level_2 "${years[@]}"
