#!/usr/bin/env bash
# Early-intervention evaluation on Dallas, from the public files to the tables of
# docs/eis-evaluation.md, in one command (about 3 minutes on 2 cores):
#
#   scripts/eis_dallas.sh [WORK_DIR]        (default /tmp/eis-dallas)
#
# 1. imports DPD's Response to Resistance files 2013-2019 (one per year; officers keyed by
#    badge number across the years) into a fresh SQLite database (DATABASE_URL, default
#    sqlite:///WORK_DIR/eis.sqlite3; an existing file is replaced);
# 2. writes a snapshot of the agency (WORK_DIR/snapshot);
# 3. runs `forcewatch eis evaluate` with yearly splits 2016-2019 (training from 2014, the
#    first date with a year of records before it). Dallas publishes no complaints, so the
#    label is a use of force on which the subject was injured, in the next 12 months
#    (force_subject_injured): WORK_DIR/evaluation. A second run with force at level 4-5 of
#    the continuum (force_level_4: Taser, OC, impact, K9 bite, neck restraint, firearm),
#    decided before either was run: WORK_DIR/evaluation-level4.
# Data: ../shared/data/dallas_r2r (or FORCEWATCH_SHARED_DATA). Python: the venv's, or $PYTHON.
set -euo pipefail

WORK_DEFAULT=/tmp/eis-dallas DATA_FOLDER=dallas_r2r
# shellcheck source=scripts/eis_common.sh
source "$(dirname "$0")/eis_common.sh" "$@"

echo "== import: Response to Resistance 2013-2019" >&2
forcewatch import --agency dallas --quiet \
  --mapping "$MAPPINGS/dallas-r2r.yaml" "$DATA"/*Response_to_Resistance*.csv.gz

echo "== snapshot" >&2
forcewatch snapshot --agency dallas --out "$WORK/snapshot" --force

years=(--first-train-year 2014 --first-test-year 2016 --last-test-year 2019)
echo "== evaluate: subject injured in the next year" >&2
forcewatch eis evaluate --snapshot "$WORK/snapshot" --agency dallas \
  --out "$WORK/evaluation" --label force_subject_injured "${years[@]}"

echo "== evaluate: force at level 4-5 in the next year" >&2
forcewatch eis evaluate --snapshot "$WORK/snapshot" --agency dallas \
  --out "$WORK/evaluation-level4" --label force_level_4 "${years[@]}"
