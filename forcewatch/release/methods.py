"""The methods note of a release (methods.md): how every figure was made.

Written from the release's own inputs and results, so it cannot drift from what
was published: counting units, denominators, disclosure control and its audit,
withheld breakdowns, item non-response, the sources and their reporting rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forcewatch.analysis.disparity.denominators import Denominator
from forcewatch.release.model import DisclosureRules, ReleaseTable
from forcewatch.release.period import Period
from forcewatch.release.suppression import ProtectionReport
from forcewatch.release.tables import DIM_DOCS, UNIT_DOCS


@dataclass(frozen=True)
class Context:
    agency: str
    slug: str
    period: Period
    version: int
    data_as_of: str
    snapshot_sha256: str
    codelists: dict[str, str]
    rules: DisclosureRules
    tables: list[ReleaseTable]
    report: ProtectionReport
    quality: Any  # build.Quality
    denominator: Denominator | None


def render(c: Context) -> str:
    p = c.period
    out = [
        f"# Methods: {c.agency}, {p.label} (version {c.version})",
        "",
        f"These statistics count uses of force by {c.agency} in incidents that "
        f"happened from {p.start} to {p.end}, as recorded in the agency's records on "
        f"{c.data_as_of} (snapshot `{c.snapshot_sha256[:16]}`). Rebuilding this "
        "release from the same snapshot gives the same files, byte for byte; "
        "release.json lists every input and output with its SHA-256 hash.",
        "",
        "## What is counted",
        "",
        "Every table names its counting unit. The units are not interchangeable: one "
        "incident can involve several people and officers, and one person can be "
        "subject to several types of force.",
        "",
    ]
    out += [f"- **{unit}** — {doc}" for unit, doc in UNIT_DOCS.items()]
    out += ["", "Totals in this period:", ""]
    out += [f"- {unit}: {n:,}" for unit, n in sorted(c.quality.units.items())]
    out += [
        "",
        f"Incidents whose date is not recorded ({c.quality.undated_incidents:,} for "
        "this agency) cannot be placed in any period and are in no release.",
        "",
        "## The groups",
        "",
    ]
    used = sorted({d for t in c.tables for d in t.dims})
    out += [f"- **{d}** — {DIM_DOCS[d]}" for d in used]
    out += [
        "",
        "Race, sex and age are as recorded by officers, usually as they perceived "
        "them; they are not self-reported and can be wrong.",
        "",
        "## Rates and denominators",
        "",
    ]
    out += _denominator(c)
    out += [
        "",
        "## Protecting people: disclosure control",
        "",
        f"- A count of {c.rules.small_min}–{c.rules.small_max} people in a cell that "
        "crosses a person attribute ("
        + ", ".join(sorted(c.rules.person_dims))
        + ") with place ("
        + ", ".join(sorted(c.rules.place_dims))
        + ") or month"
        + (" — in a monthly release, every person attribute" if p.monthly else "")
        + " is suppressed (primary suppression).",
        "- Further cells are suppressed so that no suppressed cell can be worked out "
        "exactly from the published totals, margins or other tables of this release "
        "(complementary suppression). A linear-programming audit checks every "
        "suppressed cell on every release: for each, the smallest and largest value "
        "consistent with everything published must differ.",
        f"- This release: {c.report.primary} cell(s) suppressed as small, "
        f"{c.report.complementary} to protect them; the audit checked "
        f"{c.report.audit.cells_checked} suppressed cell(s) and found none that "
        "could be recovered exactly.",
        f"- Rates on fewer than {c.rules.unstable_below} events are marked "
        "unstable: they can change a lot from chance alone.",
        f"- A breakdown is withheld when its variable is not recorded for more than "
        f"{c.rules.max_nonresponse:.0%} of the units counted.",
        "- Suppressed figures are empty in the data files; the `status` column says "
        "why. Charts leave them out.",
        "- Figures of an earlier period are revised only when a new version of its "
        "release is built; comparing two versions shows exactly which figures "
        "changed (changes.md), which is why suppression looks at each version whole.",
        "",
        "## Data quality",
        "",
        "Share of units whose group is not recorded (item non-response), by variable:",
        "",
        "| variable | not recorded |",
        "|---|---:|",
    ]
    out += [
        f"| {d} | {share:.1%} |" for d, share in sorted(c.quality.nonresponse.items())
    ]
    withheld = [t for t in c.tables if t.withheld_reason]
    out += ["", "Withheld breakdowns:", ""]
    out += [f"- {t.spec.title}: {t.withheld_reason}" for t in withheld] or ["- none"]
    out += [
        "",
        "## Sources and reporting rules",
        "",
        "The incidents of this period came from these files, each imported with a "
        "versioned mapping onto forcewatch's canonical schema and code lists. A "
        "change of mapping or code-list version within the period is a change in "
        "what was recorded, not necessarily in what happened.",
        "",
    ]
    versions = {(s["mapping"], s["mapping_version"]) for s in c.quality.sources}
    out += [
        f"- `{s['name']}` (SHA-256 `{s['sha256'][:16]}`): mapping {s['mapping']} "
        f"version {s['mapping_version']}"
        for s in c.quality.sources
    ] or ["- records entered in forcewatch (officers' reports)"]
    if len(versions) > 1:
        out += [
            "",
            "The reporting rules changed within this period (several mapping "
            "versions above).",
        ]
    out += [
        "",
        "Code-list versions: "
        + ", ".join(
            f"{name} {version}" for name, version in sorted(c.codelists.items())
        )
        + ".",
        "",
        "## What these figures cannot show",
        "",
        "Counts of force by group describe what happened, not why. A difference "
        "between groups is not in itself proof of bias: the people officers meet "
        "differ from the residents of a city, and each denominator answers a "
        "different question (see forcewatch's docs/methods.md).",
        "",
    ]
    return "\n".join(out)


def _denominator(c: Context) -> list[str]:
    den = c.denominator
    if den is None:
        return [
            "This release publishes counts only; no denominator was named, so no "
            "rates are given."
        ]
    return [
        f"Rates by {', '.join(den.dimensions())} use **{den.title}** "
        f"({den.rate_label()}; source: {den.source.strip()}).",
        "",
        f"Scheme: {den.scheme.strip()}",
        "",
        "For residents, the period's share of a year is the exposure (a half-year "
        "counts as 0.5 years). Intervals are exact (Garwood) Poisson 95% intervals "
        "and ignore the denominator's own error. " + den.notes.strip(),
    ]
