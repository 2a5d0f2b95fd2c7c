#!/usr/bin/env bash
# Early-intervention evaluation on Chicago, from the public files to the tables of
# docs/eis-evaluation.md, in one command (about 10 minutes on 2 cores):
#
#   scripts/eis_chicago.sh [WORK_DIR]        (default /tmp/eis-chicago)
#
# 1. imports CPDP's TRRs 2004-2018 and complaints 2000-2023 into a fresh SQLite database
#    (DATABASE_URL, default sqlite:///WORK_DIR/eis.sqlite3; an existing file is replaced);
# 2. writes a snapshot of the agency (WORK_DIR/snapshot);
# 3. runs `forcewatch eis evaluate` with yearly splits 2012-2017 (training from 2007):
#    tables and summary.json in WORK_DIR/evaluation.
# Data: ../shared/data/chicago_cpdp (or FORCEWATCH_SHARED_DATA). Python: the venv's, or $PYTHON.
set -euo pipefail

WORK_DEFAULT=/tmp/eis-chicago DATA_FOLDER=chicago_cpdp
# shellcheck source=scripts/eis_common.sh
source "$(dirname "$0")/eis_common.sh" "$@"

echo "== import: TRR 2004-2018" >&2
trr=()
for f in "$DATA"/trr_2004_2018/TRR-*.csv.gz; do
  case "$f" in *_profiles*) ;; *) trr+=("$f") ;; esac  # reviewers' names: not imported
done
forcewatch import --agency chicago --quiet \
  --mapping "$MAPPINGS/chicago-trr-2004-2018.yaml" "${trr[@]}"

echo "== import: complaints 2000-2023" >&2
forcewatch import --agency chicago --quiet \
  --mapping "$MAPPINGS/chicago-complaints-2000-2023.yaml" \
  "$DATA"/complaints_2000_2023/complaints-complaints_*.csv.gz \
  "$DATA"/complaints_2000_2023/complaints-accused_*.csv.gz

echo "== snapshot" >&2
forcewatch snapshot --agency chicago --out "$WORK/snapshot" --force

echo "== evaluate" >&2
forcewatch eis evaluate --snapshot "$WORK/snapshot" --agency chicago \
  --out "$WORK/evaluation" --first-train-year 2007 \
  --first-test-year 2012 --last-test-year 2017
