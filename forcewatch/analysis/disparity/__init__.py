"""Department-level disparity analysis over a snapshot (docs/methods.md, "Disparities").

Force by subject race, sex and age band, by district, call type and force
type, in four counting units (incident, subject, engagement, application),
against a named denominator loaded as data; with exact intervals, rate ratios,
Benjamini-Hochberg within each table, unstable flags, district-stratified
ratios, severity given resistance, crisis-related force and missingness of
race and sex. The counting runs in the backend (DuckDB or Spark, as Ibis
expressions); the statistics run in Python on the small aggregates.

    from forcewatch.analysis.disparity import run
    result = run("snap/", agency="chicago", denominator="chicago-residents-2010",
                 out="disparity/")
    print(result.summary)
"""

from forcewatch.analysis.disparity.denominators import (
    Denominator,
    DenominatorError,
    available,
    load_denominator,
)
from forcewatch.analysis.disparity.facts import DIMENSIONS, UNITS, Scope, force_counts
from forcewatch.analysis.disparity.suite import (
    RATE_DIMENSIONS,
    DisparityResult,
    aggregates,
    build_tables,
    run,
)

__all__ = [
    "DIMENSIONS",
    "RATE_DIMENSIONS",
    "UNITS",
    "Denominator",
    "DenominatorError",
    "DisparityResult",
    "Scope",
    "aggregates",
    "available",
    "build_tables",
    "force_counts",
    "load_denominator",
    "run",
]
