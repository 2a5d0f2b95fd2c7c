# Sourced by scripts/eis_<city>.sh: the work folder, a fresh SQLite database, and a
# `forcewatch` function that runs the checkout's code with the chosen Python.
#
#   WORK_DEFAULT=/tmp/eis-city DATA_FOLDER=city_folder source scripts/eis_common.sh "$@"
#
# Sets ROOT, WORK (the script's first argument, else WORK_DEFAULT), DATA (the dataset's
# folder under ../shared/data, or FORCEWATCH_SHARED_DATA), MAPPINGS and DATABASE_URL
# (default sqlite:///WORK/eis.sqlite3; an existing SQLite file there is replaced).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$WORK_DEFAULT}"
DATA="${FORCEWATCH_SHARED_DATA:-$ROOT/../shared/data}/$DATA_FOLDER"
PYTHON="${PYTHON:-$(command -v python)}"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$WORK/eis.sqlite3}"
MAPPINGS="$ROOT/forcewatch/intake/mappings"

forcewatch() { (cd "$ROOT" && "$PYTHON" -m forcewatch.cli "$@"); }

mkdir -p "$WORK"
case "$DATABASE_URL" in
  sqlite:///*) rm -f "${DATABASE_URL#sqlite://}" ;;  # a fresh database
  *) echo "DATABASE_URL is not SQLite: importing into it as it is" >&2 ;;
esac
