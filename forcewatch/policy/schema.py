"""The report view: the facts a rule may read, with their types and meaning.

This is the contract between the canonical records and the rule packs. The
view builder (`view.py`) produces exactly these fields; the pack loader rejects
a rule that names a fact not listed here; `docs/policy-rules.md` lists them
(a test keeps the two in step).

`null` always means "not recorded": the source did not say, or its export has
no such column. A list is `null` when the source cannot tell, and `[]` when it
can and recorded none.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fact:
    name: str
    type: str
    about: str
    fields: tuple[Fact, ...] = field(default=())

    def child(self, name: str) -> Fact | None:
        return next((f for f in self.fields if f.name == name), None)


OFFICER = (
    Fact("i", "int", "position of the officer in `report.officers` (0, 1, ...)"),
    Fact("key", "string", "the officer's identifier in the source"),
    Fact(
        "role",
        "string",
        "used_force, witnessed, intervened or supervised (the role of record)",
    ),
    Fact("rank", "string?", "rank as recorded"),
    Fact("unit", "string?", "unit or assignment as recorded"),
    Fact("years_of_service", "double?", "years of service at the time"),
    Fact("used_force", "bool", "this officer applied force recorded in this report"),
    Fact(
        "in_report",
        "bool",
        "this report is the officer's (filed by them or recording their force); "
        "false for officers of the incident who are in other reports only",
    ),
    Fact("injured", "bool?", "the officer was injured"),
    Fact("warning_given", "bool?", "a verbal warning was given before force"),
    Fact("warning_feasible", "bool?", "a warning was feasible (officer's account)"),
    Fact(
        "deescalation",
        "list(string)?",
        "de-escalation tactics tried (code list `deescalation`: verbal_persuasion, "
        "repositioning, time, distance, more_personnel, crisis_intervention, other)",
    ),
    Fact(
        "intervened", "bool?", "the officer intervened to stop or limit another's force"
    ),
    Fact(
        "force_found_excessive",
        "bool",
        "a reviewer has found this officer's force at this incident out of policy",
    ),
)

SUBJECT = (
    Fact("i", "int", "position of the subject in `report.subjects`"),
    Fact("key", "string", "the subject's identifier in the source"),
    Fact("age_min", "int?", "youngest age the record allows"),
    Fact("age_max", "int?", "oldest age the record allows"),
    Fact("in_crisis", "bool?", "appeared to be in a mental-health crisis"),
    Fact(
        "impairments", "list(string)?", "apparent impairments (code list `impairment`)"
    ),
    Fact("armed", "bool?", "the subject was armed"),
    Fact("armed_with", "list(string)?", "weapons (code list `weapon`, NIBRS)"),
    Fact("fleeing", "bool?", "the subject was fleeing"),
    Fact("in_moving_vehicle", "bool?", "the subject was in a moving vehicle"),
    Fact("vehicle_used_as_weapon", "bool?", "the subject used the vehicle as a weapon"),
    Fact(
        "threat_means",
        "list(string)?",
        "how the subject threatened deadly force, other than a vehicle (weapon codes)",
    ),
    Fact(
        "resistance",
        "string?",
        "the highest resistance recorded for the subject (code list `resistance`: "
        "compliant, passive, active, aggressive, deadly)",
    ),
    Fact(
        "resistance_level",
        "int?",
        "that resistance on the 1-5 scale (5: threat of death or serious injury)",
    ),
    Fact("injured", "bool?", "the subject was injured"),
    Fact("complained_of_injury", "bool?", "the subject complained of injury"),
    Fact("injury_severity", "string?", "code list `injury_severity`"),
    Fact("died", "bool?", "the subject died"),
    Fact("first_aid_given", "bool?", "officers gave first aid"),
    Fact("first_aid_minutes", "int?", "minutes from the incident time to first aid"),
    Fact("medical_requested", "bool?", "medical help was requested"),
    Fact("medical_minutes", "int?", "minutes from the incident time to the request"),
    Fact("hospitalized", "bool?", "the subject was taken to hospital"),
    Fact("arrested", "bool?", "the subject was arrested"),
    Fact("handcuffed", "bool?", "the subject was handcuffed"),
    Fact(
        "handcuff_justification",
        "string?",
        'why handcuffs were used; "" when the report records none',
    ),
)

FORCE = (
    Fact("i", "int", "position of the application in `report.force`"),
    Fact("key", "string", "the application's identifier in the source"),
    Fact("sequence", "int", "order within the officer's force on the subject"),
    Fact("type", "string", "force type (code list `force_type`)"),
    Fact("level", "int", "the force type's level on the 1-5 continuum (0 = not force)"),
    Fact(
        "deadly",
        "bool",
        "deadly force by policy used on a person (a firearm discharged at an animal "
        "or by accident is not)",
    ),
    Fact("applied", "bool", "force applied to a body (false: a display, a pursuit)"),
    Fact("body_region", "string?", "body region targeted (head, neck, torso, ...)"),
    Fact("discharged_at_person", "bool?", "a weapon was discharged at a person"),
    Fact("at_vehicle", "bool?", "fired at or from a moving vehicle"),
    Fact("indiscriminate", "bool?", "fired into a crowd rather than at one person"),
    Fact(
        "resistance",
        "string?",
        "the resistance this force answered (code list `resistance`); where the source "
        "records resistance only for the subject, the subject's highest",
    ),
    Fact("resistance_level", "int?", "that resistance on the 1-5 scale"),
    Fact("count", "int?", "shots fired, CED cycles..."),
    Fact(
        "officer",
        "officer",
        "the officer who used the force (all officer facts)",
        OFFICER,
    ),
    Fact(
        "subject", "subject", "the subject it was used on (all subject facts)", SUBJECT
    ),
)

INCIDENT = (
    Fact("key", "string", "the incident's identifier in the source"),
    Fact("date", "string?", "date of the incident, YYYY-MM-DD"),
    Fact("time", "string?", "time of the incident, HH:MM"),
    Fact(
        "contact_reason", "string?", "reason for contact (code list `contact_reason`)"
    ),
    Fact("call_type", "string?", "call type as dispatched"),
    Fact("via_911", "bool?", "the contact began with a 911 call"),
    Fact("officer_initiated", "bool?", "the contact was officer-initiated"),
    Fact("demonstration", "bool?", "the force was used at a demonstration"),
    Fact("location_type", "string?", "kind of place"),
    Fact("shots_fired", "int?", "shots fired by officers in the incident"),
)

REPORT = Fact(
    "report",
    "report",
    "one report of force (or one incident, where the source files none)",
    (
        Fact("key", "string", "the report's identifier in the source"),
        Fact(
            "date",
            "string?",
            "the incident date, YYYY-MM-DD (the rule versions in force)",
        ),
        Fact("status", "string?", "the report's review status as recorded"),
        Fact("deadly_force", "bool", "deadly force was applied"),
        Fact(
            "excessive_force_found",
            "bool",
            "a reviewer has found force at this incident out of policy",
        ),
        Fact("incident", "incident", "the incident", INCIDENT),
        Fact("officers", "list(officer)", "every officer at the incident", OFFICER),
        Fact("subjects", "list(subject)", "the subjects of this report", SUBJECT),
        Fact("force", "list(force)", "each application of force, in order", FORCE),
    ),
)

# The variables a rule's expressions see, by the rule's `each`.
SCOPES: dict[str, dict[str, Fact]] = {
    "report": {"report": REPORT},
    "force": {"report": REPORT, "force": Fact("force", "force", "", FORCE)},
    "subject": {"report": REPORT, "subject": Fact("subject", "subject", "", SUBJECT)},
    "officer": {"report": REPORT, "officer": Fact("officer", "officer", "", OFFICER)},
}
COLLECTIONS = {"force": "force", "subject": "subjects", "officer": "officers"}


def resolve(scope: str, path: str) -> Fact | None:
    """The fact a dotted path names in a scope (`force.subject.fleeing`), or None."""
    head, *rest = path.split(".")
    fact = SCOPES[scope].get(head)
    for name in rest:
        if fact is None:
            return None
        fact = fact.child(name)
    return fact


def all_names() -> set[str]:
    names: set[str] = set()

    def walk(fact: Fact) -> None:
        for f in fact.fields:
            names.add(f.name)
            walk(f)

    walk(REPORT)
    return names
