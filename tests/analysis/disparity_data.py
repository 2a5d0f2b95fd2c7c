"""Tiny synthetic snapshots whose disparity tables can be counted by hand.

`write_metro` writes the department described in its docstring (and a second
agency that every test must filter out); `write_simpson` the worked example of
docs/methods.md ("Stratification, and Simpson's paradox") as subjects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from forcewatch.snapshot.arrays import SnapshotBuilder

CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
Row = dict[str, Any]


def write_tables(out: Path, tables: Mapping[str, Iterable[Row]]) -> Path:
    """One batch per table from row dicts (missing columns: "not recorded")."""
    with SnapshotBuilder(out, created_at=CREATED) as snap:
        for name, rows in tables.items():
            rows = list(rows)
            if not rows:
                continue
            keys = sorted({k for r in rows for k in r})
            snap.write(name, {k: [r.get(k, _default(k)) for r in rows] for k in keys})
    return out


def _default(column: str) -> Any:
    return [] if column in ("race", "impairments") else None


def _keyed(rows: list[Row], agency: int = 1) -> list[Row]:
    return [{"agency_id": agency, "source_key": f"k{r['id']}", **r} for r in rows]


def write_metro(out: Path) -> Path:
    """Agency 1 `metro`: 5 incidents, 5 subjects, 7 engagements, 7 applications.

    I1 2020-01-10 N call_for_service: S1 Black M 20 in crisis, S2 Hispanic F 30
       (impairment none); E1 O1-S1 takedown (active), ced_probe (passive);
       E2 O2-S1 strike (no resistance: S1's highest action, aggressive);
       E3 O1-S2 handcuffing (no resistance, none recorded for S2).
    I2 2020-03-05 N traffic_stop: S3 White M 40; E4 O1-S3 firearm_discharge
       (passive).
    I3 2020-06-01 S call type DISTURBANCE: S4 Black M 17-19 mental health;
       E5 O3-S4 chemical_oc (active).
    I4 2021-02-02 S: S5 nothing recorded; E6 O2-S5 without force on record.
    I5 2021-07-07 no district: no subject; E7 O1 verbal_command (compliant).
    Units: O1 Patrol, O2 Gang, O3 none. Agency 2 `elsewhere`: one of each.
    """
    incidents = [
        _incident(1, "2020-01-10", "N", contact_reason="call_for_service"),
        _incident(2, "2020-03-05", "N", contact_reason="traffic_stop"),
        _incident(3, "2020-06-01", "S", call_type="DISTURBANCE"),
        _incident(4, "2021-02-02", "S"),
        _incident(5, "2021-07-07", ""),
    ]
    subjects = [
        _subject(1, 1, ["B"], "N", "M", 20, 20, in_crisis=True),
        _subject(2, 1, ["U"], "H", "F", 30, 30, impairments=["none"]),
        _subject(3, 2, ["W"], "N", "M", 40, 40),
        _subject(4, 3, ["B"], "N", "M", 17, 19, impairments=["mental_health"]),
        _subject(5, 4, [], "", "", None, None),
    ]
    officers = [{"id": i, "source_key": f"O{i}"} for i in (1, 2, 3)]
    involvements = [
        _involvement(1, 1, 1, "Patrol"),
        _involvement(2, 1, 2, "Gang"),
        _involvement(3, 2, 1, "Patrol"),
        _involvement(4, 3, 3, ""),
        _involvement(5, 4, 2, "Gang"),
        _involvement(6, 5, 1, "Patrol"),
    ]
    engagements = [
        _engagement(1, 1, 1, 1),
        _engagement(2, 1, 2, 1),
        _engagement(3, 1, 1, 2),
        _engagement(4, 2, 3, 3),
        _engagement(5, 3, 4, 4),
        _engagement(6, 4, 5, 5),
        _engagement(7, 5, 6, None),
    ]
    applications = [
        _application(1, 1, "takedown", "active"),
        _application(2, 1, "ced_probe", "passive"),
        _application(3, 2, "strike", ""),
        _application(4, 3, "handcuffing", ""),
        _application(5, 4, "firearm_discharge", "passive"),
        _application(6, 5, "chemical_oc", "active"),
        _application(7, 7, "verbal_command", "compliant"),
    ]
    by_engagement = {e["id"]: e for e in engagements}
    for a in applications:
        e = by_engagement[a.pop("engagement")]
        a.update(
            engagement_id=e["id"],
            incident_id=e["incident_id"],
            subject_id=e["subject_id"],
            involvement_id=e["involvement_id"],
        )
    actions = [
        {"id": 1, "incident_id": 1, "subject_id": 1, "resistance": "aggressive"},
        {"id": 2, "incident_id": 1, "subject_id": 1, "resistance": "passive"},
    ]
    other = _elsewhere()
    return write_tables(
        out,
        {
            "agency": [
                {"id": 1, "slug": "metro", "name": "Metro PD"},
                {"id": 2, "slug": "elsewhere", "name": "Elsewhere PD"},
            ],
            "incident": _keyed(incidents) + other["incident"],
            "subject": _keyed(subjects) + other["subject"],
            "officer": _keyed(officers) + other["officer"],
            "officer_involvement": _keyed(involvements) + other["officer_involvement"],
            "engagement": _keyed(engagements) + other["engagement"],
            "force_application": _keyed(applications) + other["force_application"],
            "subject_action": _keyed(actions),
        },
    )


def _elsewhere() -> dict[str, list[Row]]:
    return {
        "incident": _keyed([_incident(100, "2020-05-05", "N")], 2),
        "subject": _keyed([_subject(100, 100, ["W"], "N", "F", 50, 50)], 2),
        "officer": _keyed([{"id": 100}], 2),
        "officer_involvement": _keyed([_involvement(100, 100, 100, "Patrol")], 2),
        "engagement": _keyed([_engagement(100, 100, 100, 100)], 2),
        "force_application": _keyed(
            [
                {
                    "id": 100,
                    "incident_id": 100,
                    "subject_id": 100,
                    "engagement_id": 100,
                    "involvement_id": 100,
                    "force_type": "strike",
                }
            ],
            2,
        ),
    }


def write_simpson(out: Path) -> Path:
    """The methods example: force on groups A (black) and B (white) in two districts.

    North: 90 black, 20 white subjects; South: 4 black, 30 white. One subject
    per incident. Its denominator is `simpson_denominator` (arrests).
    """
    cells = [
        ("North", "B", 90),
        ("North", "W", 20),
        ("South", "B", 4),
        ("South", "W", 30),
    ]
    incidents: list[Row] = []
    subjects: list[Row] = []
    for district, race, count in cells:
        for _ in range(count):
            i = len(incidents) + 1
            incidents.append(_incident(i, "2020-06-01", district))
            subjects.append(_subject(i, i, [race], "N", "M", 30, 30))
    return write_tables(
        out,
        {
            "agency": [{"id": 1, "slug": "metro", "name": "Metro PD"}],
            "incident": _keyed(incidents),
            "subject": _keyed(subjects),
        },
    )


SIMPSON_CSV = """\
# title: Arrests by race and district (the methods example)
# kind: arrests
# reference: race=white
dimension,group,value,district
race,black,1200,
race,white,1200,
race,black,1000,North
race,white,200,North
race,black,200,South
race,white,1000,South
"""


def _incident(i: int, date: str, district: str, **fields: Any) -> Row:
    return {
        "id": i,
        "occurred_date": dt.date.fromisoformat(date),
        "district": district,
        **fields,
    }


def _subject(
    i: int,
    incident: int,
    race: list[str],
    ethnicity: str,
    sex: str,
    age_min: int | None,
    age_max: int | None,
    **fields: Any,
) -> Row:
    return {
        "id": i,
        "incident_id": incident,
        "race": race,
        "ethnicity": ethnicity,
        "sex": sex,
        "age_min": age_min,
        "age_max": age_max,
        **fields,
    }


def _involvement(i: int, incident: int, officer: int, unit: str) -> Row:
    return {
        "id": i,
        "incident_id": incident,
        "officer_id": officer,
        "unit": unit,
        "role": "used_force",
    }


def _engagement(i: int, incident: int, involvement: int, subject: int | None) -> Row:
    return {
        "id": i,
        "incident_id": incident,
        "involvement_id": involvement,
        "subject_id": subject,
    }


def _application(i: int, engagement: int, force_type: str, resistance: str) -> Row:
    return {
        "id": i,
        "engagement": engagement,
        "force_type": force_type,
        "resistance": resistance,
    }
