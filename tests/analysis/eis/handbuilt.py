"""A tiny department with known answers, as a snapshot (optionally as of a date).

Officers 1 and 2 are one person (Ann Smith, same name and appointed date, from
two sources); 3 is Bob Jones; 4 is another Bob Jones without an appointed date
(a person of his own).

Force (incident: date, the agency's level, officers):
  I1 2019-11-01  level 1  Ann (subject injured), Bob -- together
  I2 2019-12-01  level 2  Ann: takedown + Taser probe on a passive resister
  I3 2019-12-15  no level Ann: strike on an aggressive resister, off duty
  I4 2020-02-01  "Level 3 - OIS"  Ann (after the 2020 split date)
Complaints (received, incident, closed: accused, category, finding):
  C1 2019-08-01, 2019-07-30, 2019-10-01: Ann (record 2), force, sustained
  C2 2019-09-01, 2019-09-01, 2020-06-01: Bob, verbal abuse, sustained
  C3 2020-03-01, 2020-02-20, 2020-09-01: Ann (record 2), force, sustained
  C4 2020-05-01, 2020-04-01, 2023-01-01: Bob, operational, sustained
  C5 2020-07-01, 2020-07-01, 2020-08-01: the other Bob, search, unfounded
Policy findings (incident, officer: dispositions in order):
  F1 I2 Ann: out of policy 2019-12-20
  F2 I4 Ann: out of policy 2021-03-01
  F3 I1 Bob: within policy 2019-12-01
  F4 I3 Ann: none (open)
  F5 I1 Bob: out of policy 2020-01-15, then within policy 2020-03-01
  F6 I4 the other Bob (present, did not intervene): out of policy 2020-06-01
  F7 I4 no officer (about the incident): out of policy 2020-06-01
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tests.analysis.eis.snapshot import write_snapshot

D = dt.date
AGENCY = 7


def officers() -> list[dict[str, Any]]:
    rows = [
        (1, "Ann", "Smith", D(2010, 1, 1), ["W"], "N", "F"),
        (2, "ANN", "SMITH ", D(2010, 1, 1), [], "", ""),
        (3, "Bob", "Jones", D(2012, 5, 1), ["B"], "N", "M"),
        (4, "Bob", "Jones", None, ["U"], "H", "M"),
    ]
    return [
        {
            "id": i,
            "agency_id": AGENCY,
            "source_key": f"o{i}",
            "given_name": given,
            "family_name": family,
            "appointed_date": appointed,
            "race": race,
            "ethnicity": ethnicity,
            "sex": sex,
        }
        for i, given, family, appointed, race, ethnicity, sex in rows
    ]


# incident id -> date, [(engagement id, officer id, subject injured, off duty)]
FORCE = {
    1: (D(2019, 11, 1), [(1, 1, True, False), (2, 3, False, False)]),
    2: (D(2019, 12, 1), [(3, 1, False, False)]),
    3: (D(2019, 12, 15), [(4, 1, False, True)]),
    4: (D(2020, 2, 1), [(5, 1, False, False)]),
}
# incident id -> the agency's own level (incident.level)
LEVELS = {1: "1", 2: "2", 3: "", 4: "Level 3 - OIS"}
# engagement id -> [(force type, resistance)]
APPLICATIONS = {
    2: [("takedown", "active")],
    3: [("takedown", "passive"), ("ced_probe", "passive")],
    4: [("strike", "aggressive")],
}
# complaint id -> received, incident, closed, officer id, category, finding
COMPLAINTS = {
    1: (D(2019, 8, 1), D(2019, 7, 30), D(2019, 10, 1), 2, "force", "sustained"),
    2: (D(2019, 9, 1), D(2019, 9, 1), D(2020, 6, 1), 3, "verbal_abuse", "sustained"),
    3: (D(2020, 3, 1), D(2020, 2, 20), D(2020, 9, 1), 2, "force", "sustained"),
    4: (D(2020, 5, 1), D(2020, 4, 1), D(2023, 1, 1), 3, "operational", "sustained"),
    5: (D(2020, 7, 1), D(2020, 7, 1), D(2020, 8, 1), 4, "search_seizure", "unfounded"),
}

OUT, WITHIN = "out_of_policy", "within_policy"
# finding id -> incident id, officer id, [(disposed on, outcome)]
FINDINGS: dict[int, tuple[int, int | None, list[tuple[dt.date, str]]]] = {
    1: (2, 1, [(D(2019, 12, 20), OUT)]),
    2: (4, 1, [(D(2021, 3, 1), OUT)]),
    3: (1, 3, [(D(2019, 12, 1), WITHIN)]),
    4: (3, 1, []),
    5: (1, 3, [(D(2020, 1, 15), OUT), (D(2020, 3, 1), WITHIN)]),
    6: (4, 4, [(D(2020, 6, 1), OUT)]),
    7: (4, None, [(D(2020, 6, 1), OUT)]),
}


def tables(until: dt.date | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every table; with `until`, the database as it stood that morning."""

    def seen(day: dt.date | None) -> bool:
        return until is None or (day is not None and day < until)

    out: dict[str, list[dict[str, Any]]] = {
        "agency": [{"id": AGENCY, "slug": "town", "name": "Town PD"}],
        "officer": officers(),
    }
    for name in (
        "incident",
        "officer_involvement",
        "engagement",
        "subject",
        "force_application",
        "complaint",
        "allegation",
        "policy_finding",
        "policy_disposition",
    ):
        out[name] = []
    common = {"agency_id": AGENCY}
    for iid, (day, rows) in FORCE.items():
        if not seen(day):
            continue
        out["incident"].append(
            {
                **common,
                "id": iid,
                "source_key": f"i{iid}",
                "occurred_date": day,
                "level": LEVELS[iid],
            }
        )
        for eid, oid, injured, off_duty in rows:
            out["officer_involvement"].append(
                {
                    **common,
                    "id": eid,
                    "source_key": f"v{eid}",
                    "incident_id": iid,
                    "officer_id": oid,
                    "role": "used_force",
                    "unit": "north",
                    "on_duty": not off_duty,
                }
            )
            out["subject"].append(
                {
                    **common,
                    "id": eid,
                    "source_key": f"s{eid}",
                    "incident_id": iid,
                    "injured": injured,
                }
            )
            out["engagement"].append(
                {
                    **common,
                    "id": eid,
                    "source_key": f"e{eid}",
                    "incident_id": iid,
                    "involvement_id": eid,
                    "subject_id": eid,
                }
            )
            for n, (force, resistance) in enumerate(APPLICATIONS.get(eid, [])):
                fid = 10 * eid + n
                out["force_application"].append(
                    {
                        **common,
                        "id": fid,
                        "source_key": f"f{fid}",
                        "incident_id": iid,
                        "involvement_id": eid,
                        "engagement_id": eid,
                        "subject_id": eid,
                        "force_type": force,
                        "resistance": resistance,
                        "sequence": n + 1,
                    }
                )
    for cid, (received, incident, closed, oid, category, finding) in COMPLAINTS.items():
        if not seen(received):
            continue
        known = seen(closed)
        out["complaint"].append(
            {
                **common,
                "id": cid,
                "source_key": f"c{cid}",
                "received_date": received,
                "incident_date": incident,
                "closed_date": closed if known else None,
            }
        )
        out["allegation"].append(
            {
                **common,
                "id": cid,
                "source_key": f"a{cid}",
                "complaint_id": cid,
                "officer_id": oid,
                "category": category,
                "finding": finding if known else "pending",
                "unit": "north",
            }
        )
    disposition_id = 0
    for fid, (iid, oid, dispositions) in FINDINGS.items():
        day = FORCE[iid][0]  # found the day of the incident
        if not seen(day):
            continue
        made = [(on, outcome) for on, outcome in dispositions if seen(on)]
        out["policy_finding"].append(
            {
                **common,
                "id": fid,
                "incident_id": iid,
                "unit_key": f"incident:{iid}",
                "incident_date": day,
                "rule_id": "proportionate",
                "rule_version": 1,
                "kind": "violation",
                "officer_id": oid,
                "status": "disposed" if made else "open",
                "outcome": made[-1][1] if made else "",
                "found_at": dt.datetime.combine(day, dt.time(12), dt.UTC),
            }
        )
        for on, outcome in made:
            disposition_id += 1
            out["policy_disposition"].append(
                {
                    "id": disposition_id,
                    "finding_id": fid,
                    "outcome": outcome,
                    "at": dt.datetime.combine(on, dt.time(15), dt.UTC),
                }
            )
    return out


def handbuilt(folder: Path, until: dt.date | None = None) -> Path:
    return write_snapshot(folder, tables(until))
