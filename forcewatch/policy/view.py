"""Build report views (see `schema.py`) from the canonical records, in bulk.

The unit a pack checks is a canonical `Report` (Chicago's TRR, an approved
field report); an incident whose source files no reports is checked as one
unit of its own. Views are built a chunk of incidents at a time with one query
per table, so checking an agency costs a handful of queries per thousand
incidents.

A field the record's source cannot tell (its mapping fills no such column) is
`null` in the view, so that "not recorded" never reads as "none".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from forcewatch.policy.models import Finding, Kind, Outcome
from forcewatch.policy.schema import OFFICER, SUBJECT
from forcewatch.records import models as rm
from forcewatch.records.codes import codelist

CHUNK = 2000
# the officer or subject of a force application the source does not attribute
OFFICER_BLANK: dict[str, Any] = {f.name: None for f in OFFICER}
SUBJECT_BLANK: dict[str, Any] = {f.name: None for f in SUBJECT}

INCIDENT_FIELDS = (
    "id source_key occurred_date occurred_time contact_reason call_type via_911 "
    "officer_initiated demonstration location_type shots_fired"
).split()
OFFICER_BOOLS = ("injured", "warning_given", "warning_feasible", "intervened")
SUBJECT_BOOLS = (
    "in_crisis armed fleeing in_moving_vehicle vehicle_used_as_weapon injured "
    "complained_of_injury died first_aid_given medical_requested hospitalized arrested "
    "handcuffed"
).split()
SUBJECT_LISTS = ("impairments", "armed_with", "threat_means")
FORCE_FIELDS = (
    "id source_key incident_id involvement_id subject_id engagement_id report_id "
    "sequence force_type body_region discharged_at_person at_vehicle indiscriminate "
    "resistance count source_file_id"
).split()


@dataclass
class Unit:
    """One report view plus what the engine needs that rules do not read."""

    key: str  # report:<id> or incident:<id>
    incident_id: int
    report_id: int | None
    date: date | None
    view: dict[str, Any]
    officer_ids: list[int] = field(default_factory=list)  # by officers[i]
    units: list[str] = field(default_factory=list)  # by officers[i]
    force_officer: list[int | None] = field(default_factory=list)  # by force[i]
    author: int | None = None  # officers[i] of the report's filer


def _str(value: Any) -> str | None:
    return value if value not in ("", None) else None


def _minutes(at: datetime | None, day: date | None, when: time | None) -> int | None:
    if at is None or day is None or when is None:
        return None
    # the incident's date and time are the agency's wall clock
    start = timezone.make_aware(datetime.combine(day, when))
    return int((at - start).total_seconds() // 60)


class Coverage:
    """Which fields each source file can tell (`SourceFile.mapped_fields`)."""

    def __init__(self, agency_id: int) -> None:
        self.by_file = {
            pk: {kind: set(names) for kind, names in (fields or {}).items()}
            for pk, fields in rm.SourceFile.objects.filter(
                agency_id=agency_id
            ).values_list("id", "mapped_fields")
        }

    def knows(self, file_id: int | None, kind: str, name: str) -> bool:
        if file_id is None:  # a form: every field was asked
            return True
        fields = self.by_file.get(file_id)
        if not fields:  # imported before coverage was recorded
            return True
        return name in fields.get(kind, ())


def _level(codelist_name: str, code: str | None) -> int | None:
    if not code:
        return None
    level = codelist(codelist_name).attr(code, "level")
    return int(level) if level else None


class ViewBuilder:
    def __init__(self, agency_id: int) -> None:
        self.agency_id = agency_id
        self.coverage = Coverage(agency_id)
        self.force_codes = codelist("force_type")

    # -- the incidents to check ------------------------------------------------
    def incident_ids(
        self, since: date | None = None, incident_ids: Iterable[int] | None = None
    ) -> list[int]:
        qs = rm.Incident.objects.filter(agency_id=self.agency_id)
        if since is not None:
            qs = qs.filter(occurred_date__gte=since)
        if incident_ids is not None:
            qs = qs.filter(id__in=list(incident_ids))
        return list(qs.order_by("id").values_list("id", flat=True))

    def units(self, incident_ids: list[int]) -> Iterator[Unit]:
        for start in range(0, len(incident_ids), CHUNK):
            yield from self._chunk(incident_ids[start : start + CHUNK])

    # -- one chunk -------------------------------------------------------------
    def _chunk(self, ids: list[int]) -> Iterator[Unit]:
        incidents = {
            row["id"]: row
            for row in rm.Incident.objects.filter(id__in=ids).values(*INCIDENT_FIELDS)
        }
        reports: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for rep in (
            rm.Report.objects.filter(incident_id__in=ids)
            .order_by("id")
            .values("id", "source_key", "incident_id", "status")
        ):
            reports[rep["incident_id"]].append(dict(rep))
        officers = self._officers(ids)
        subjects = self._subjects(ids)
        engagements: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for eng in rm.Engagement.objects.filter(incident_id__in=ids).values(
            "incident_id", "report_id", "involvement_id", "subject_id"
        ):
            engagements[eng["incident_id"]].append(dict(eng))
        force: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in (
            rm.ForceApplication.objects.filter(incident_id__in=ids)
            .order_by("id")
            .values(*FORCE_FIELDS)
        ):
            force[row["incident_id"]].append(row)
        excessive = self._excessive(ids)
        excessive_at = {incident for incident, _ in excessive}
        for pk, rows in officers.items():
            for o in rows:
                o["force_found_excessive"] = (pk, o["_officer"]) in excessive
        for pk in ids:
            inc = incidents[pk]
            yield from self._units_of(
                inc,
                reports[pk],
                officers[pk],
                subjects[pk],
                engagements[pk],
                force[pk],
                pk in excessive_at,
            )

    def _excessive(self, ids: list[int]) -> set[tuple[int, int | None]]:
        """(incident, officer) pairs whose force a reviewer found out of policy."""
        return set(
            Finding.objects.filter(
                incident_id__in=ids,
                kind=Kind.VIOLATION,
                outcome=Outcome.OUT_OF_POLICY,
                item__startswith="force:",
            ).values_list("incident_id", "officer_id")
        )

    def _officers(self, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = defaultdict(list)
        rows = (
            rm.OfficerInvolvement.objects.filter(incident_id__in=ids)
            .order_by("id")
            .values(
                "id",
                "incident_id",
                "officer_id",
                "officer__source_key",
                "role",
                "rank",
                "unit",
                "years_of_service",
                "deescalation",
                "source_file_id",
                *OFFICER_BOOLS,
            )
        )
        for row in rows:
            knows = self.coverage.knows
            fid = row["source_file_id"]
            out[row["incident_id"]].append(
                {
                    "_id": row["id"],
                    "_officer": row["officer_id"],
                    "key": row["officer__source_key"],
                    "role": row["role"],
                    "rank": _str(row["rank"]),
                    "unit": _str(row["unit"]),
                    "years_of_service": row["years_of_service"],
                    "deescalation": list(row["deescalation"])
                    if knows(fid, "involvement", "deescalation") or row["deescalation"]
                    else None,
                    **{name: row[name] for name in OFFICER_BOOLS},
                }
            )
        return out

    def _subjects(self, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = defaultdict(list)
        rows = (
            rm.Subject.objects.filter(incident_id__in=ids)
            .order_by("id")
            .values(
                "id",
                "incident_id",
                "source_key",
                "age_min",
                "age_max",
                "injury_severity",
                "first_aid_at",
                "medical_requested_at",
                "handcuff_justification",
                "source_file_id",
                *SUBJECT_BOOLS,
                *SUBJECT_LISTS,
            )
        )
        resistance = self._resistance(ids)
        knows = self.coverage.knows
        for row in rows:
            fid = row["source_file_id"]
            level, code = resistance.get(row["id"], (None, None))
            just = row["handcuff_justification"]
            out[row["incident_id"]].append(
                {
                    "_id": row["id"],
                    "_first_aid_at": row["first_aid_at"],
                    "_medical_at": row["medical_requested_at"],
                    "key": row["source_key"],
                    "age_min": row["age_min"],
                    "age_max": row["age_max"],
                    **{name: row[name] for name in SUBJECT_BOOLS},
                    **{
                        name: list(row[name])
                        if knows(fid, "subject", name) or row[name]
                        else None
                        for name in SUBJECT_LISTS
                    },
                    "resistance": code,
                    "resistance_level": level,
                    "injury_severity": _str(row["injury_severity"]),
                    "handcuff_justification": just
                    if just or knows(fid, "subject", "handcuff_justification")
                    else None,
                }
            )
        return out

    def _resistance(self, ids: list[int]) -> dict[int, tuple[int, str]]:
        """Subject id -> the highest resistance recorded (level, code)."""
        best: dict[int, tuple[int, str]] = {}
        rows = (
            rm.SubjectAction.objects.filter(
                incident_id__in=ids, subject_id__isnull=False
            )
            .exclude(resistance="")
            .values_list("subject_id", "resistance")
        )
        for subject_id, code in rows:
            level = _level("resistance", code)
            if level and level > best.get(subject_id, (0, ""))[0]:
                best[subject_id] = (level, code)
        return best

    # -- assembling units --------------------------------------------------------
    def _units_of(
        self,
        inc: dict[str, Any],
        reports: list[dict[str, Any]],
        officers: list[dict[str, Any]],
        subjects: list[dict[str, Any]],
        engagements: list[dict[str, Any]],
        force: list[dict[str, Any]],
        excessive: bool,
    ) -> Iterator[Unit]:
        day, when = inc["occurred_date"], inc["occurred_time"]
        for s in subjects:
            s["first_aid_minutes"] = _minutes(s.pop("_first_aid_at"), day, when)
            s["medical_minutes"] = _minutes(s.pop("_medical_at"), day, when)
        incident = {
            "key": inc["source_key"],
            "date": day.isoformat() if day else None,
            "time": when.strftime("%H:%M") if when else None,
            "contact_reason": _str(inc["contact_reason"]),
            "call_type": _str(inc["call_type"]),
            "via_911": inc["via_911"],
            "officer_initiated": inc["officer_initiated"],
            "demonstration": inc["demonstration"],
            "location_type": _str(inc["location_type"]),
            "shots_fired": inc["shots_fired"],
        }
        if not reports:
            yield self._unit(
                f"incident:{inc['id']}",
                inc,
                None,
                inc["source_key"],
                "",
                incident,
                officers,
                subjects,
                force,
                excessive,
                None,
            )
            return
        by_report = defaultdict(list)
        orphans = []
        for f in force:
            if f["report_id"] is not None:
                by_report[f["report_id"]].append(f)
            else:
                orphans.append(f)
        links = defaultdict(list)
        for e in engagements:
            if e["report_id"] is not None:
                links[e["report_id"]].append(e)
        # officers no report is linked to (e.g. witnesses): the first report's
        linked = {e["involvement_id"] for e in engagements if e["report_id"]}
        linked |= {f["involvement_id"] for f in force if f["report_id"]}
        unlinked = {o["_id"] for o in officers} - linked
        for n, rep in enumerate(reports):
            own = by_report[rep["id"]] + (orphans if len(reports) == 1 else [])
            linked_subjects = {e["subject_id"] for e in links[rep["id"]]}
            linked_subjects |= {f["subject_id"] for f in own}
            linked_subjects.discard(None)
            subs = [s for s in subjects if s["_id"] in linked_subjects] or (
                subjects if len(reports) == 1 else []
            )
            author = next(
                (e["involvement_id"] for e in links[rep["id"]] if e["involvement_id"]),
                None,
            )
            members = None
            if len(reports) > 1:  # e.g. a TRR per officer: who this one is about
                members = {e["involvement_id"] for e in links[rep["id"]]}
                members |= {f["involvement_id"] for f in own}
                if n == 0:
                    members |= unlinked
            yield self._unit(
                f"report:{rep['id']}",
                inc,
                rep["id"],
                rep["source_key"],
                rep["status"],
                incident,
                officers,
                subs,
                own,
                excessive,
                author,
                members,
            )

    def _unit(
        self,
        key: str,
        inc: dict[str, Any],
        report_id: int | None,
        report_key: str,
        status: str,
        incident: dict[str, Any],
        officers: list[dict[str, Any]],
        subjects: list[dict[str, Any]],
        force: list[dict[str, Any]],
        excessive: bool,
        author_involvement: int | None,
        members: set[int | None] | None = None,
    ) -> Unit:
        codes = self.force_codes
        by_inv = {o["_id"]: i for i, o in enumerate(officers)}
        by_sub = {s["_id"]: i for i, s in enumerate(subjects)}
        users = {f["involvement_id"] for f in force}
        off_views = [
            {
                "i": i,
                **{k: v for k, v in o.items() if k[0] != "_"},
                "used_force": o["_id"] in users,
                "in_report": members is None or o["_id"] in members,
            }
            for i, o in enumerate(officers)
        ]
        sub_views = [
            {"i": i, **{k: v for k, v in s.items() if k[0] != "_"}}
            for i, s in enumerate(subjects)
        ]
        force_views = []
        force_officer: list[int | None] = []
        deadly = False
        for i, f in enumerate(force):
            code = f["force_type"]
            attrs = codes.codes.get(code, {})
            applied = attrs.get("applied", True) is not False
            # a shot at an animal or an accidental discharge is not deadly force
            # used on a person (the source says `discharged_at_person = false`)
            is_deadly = (
                bool(attrs.get("deadly"))
                and applied
                and f["discharged_at_person"] is not False
            )
            deadly = deadly or is_deadly
            oi = by_inv.get(f["involvement_id"])
            si = by_sub.get(f["subject_id"])
            force_officer.append(officers[oi]["_officer"] if oi is not None else None)
            answered = _str(f["resistance"]) or (
                sub_views[si]["resistance"] if si is not None else None
            )
            force_views.append(
                {
                    "i": i,
                    "key": f["source_key"],
                    "sequence": f["sequence"],
                    "type": code,
                    "level": int(attrs.get("level", 0)),
                    "deadly": is_deadly,
                    "applied": applied,
                    "body_region": _str(f["body_region"]),
                    "discharged_at_person": f["discharged_at_person"],
                    "at_vehicle": f["at_vehicle"],
                    "indiscriminate": f["indiscriminate"],
                    "resistance": answered,
                    "resistance_level": _level("resistance", answered),
                    "count": f["count"],
                    "officer": off_views[oi] if oi is not None else OFFICER_BLANK,
                    "subject": sub_views[si] if si is not None else SUBJECT_BLANK,
                }
            )
        view = {
            "key": report_key,
            "date": incident["date"],
            "status": _str(status),
            "deadly_force": deadly,
            "excessive_force_found": excessive,
            "incident": incident,
            "officers": off_views,
            "subjects": sub_views,
            "force": force_views,
        }
        return Unit(
            key=key,
            incident_id=inc["id"],
            report_id=report_id,
            date=inc["occurred_date"],
            view=view,
            officer_ids=[o["_officer"] for o in officers],
            units=[o["unit"] or "" for o in officers],
            force_officer=force_officer,
            author=by_inv.get(author_involvement) if author_involvement else None,
        )
