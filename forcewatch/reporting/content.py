"""What an officer's use-of-force report says: a validated, versioned document.

Every save stores the whole document as a new version; on approval it becomes
canonical records (`materialize.py`). Codes are checked against the code lists.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from forcewatch.records.codes import codelist


def code_of(list_name: str) -> Any:
    def check(value: str) -> str:
        if value and value not in codelist(list_name).codes:
            raise ValueError(f"{value!r} is not a {list_name} code")
        return value

    return AfterValidator(check)


def codes_of(list_name: str) -> Any:
    def check(values: list[str]) -> list[str]:
        valid = codelist(list_name).codes
        bad = [v for v in values if v not in valid]
        if bad:
            raise ValueError(f"not {list_name} codes: {', '.join(map(repr, bad))}")
        return values

    return AfterValidator(check)


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IncidentPart(Part):
    occurred_date: dt.date
    occurred_time: dt.time | None = None
    address: str = Field(default="", max_length=300)
    contact_reason: Annotated[str, code_of("contact_reason")] = ""
    call_type: str = Field(default="", max_length=200)
    demonstration: bool | None = None
    narrative: str = Field(default="", max_length=20000)


class SubjectPart(Part):
    sex: Annotated[str, code_of("sex")] = "U"
    race: Annotated[list[str], codes_of("race")] = []
    ethnicity: Annotated[str, code_of("ethnicity")] = "U"
    demographics_source: str = "perceived"
    age_min: int | None = Field(default=None, ge=0, le=120)
    age_max: int | None = Field(default=None, ge=0, le=120)
    in_crisis: bool | None = None
    impairments: Annotated[list[str], codes_of("impairment")] = []
    armed: bool | None = None
    armed_with: Annotated[list[str], codes_of("weapon")] = []
    fleeing: bool | None = None
    in_moving_vehicle: bool | None = None
    vehicle_used_as_weapon: bool | None = None
    threat_means: Annotated[list[str], codes_of("weapon")] = []
    injured: bool | None = None
    complained_of_injury: bool | None = None
    injury_severity: Annotated[str, code_of("injury_severity")] = ""
    first_aid_given: bool | None = None
    first_aid_at: dt.datetime | None = None
    medical_requested: bool | None = None
    medical_requested_at: dt.datetime | None = None
    handcuffed: bool | None = None
    handcuff_justification: str = Field(default="", max_length=500)

    @model_validator(mode="after")
    def consistent(self) -> SubjectPart:
        if (
            self.age_min is not None
            and self.age_max is not None
            and self.age_max < self.age_min
        ):
            raise ValueError("the upper age is below the lower age")
        if self.handcuffed and not self.handcuff_justification.strip():
            raise ValueError("handcuffing must be justified every time")
        return self


class OfficerPart(Part):
    officer_id: int
    role: str = "used_force"
    warning_given: bool | None = None
    warning_feasible: bool | None = None
    deescalation: Annotated[list[str], codes_of("deescalation")] = []
    intervened: bool | None = None
    injured: bool | None = None

    @model_validator(mode="after")
    def known_role(self) -> OfficerPart:
        if self.role not in {"used_force", "witnessed", "intervened", "supervised"}:
            raise ValueError(f"unknown role {self.role!r}")
        return self


class ForcePart(Part):
    officer: int = Field(ge=0, description="index into officers")
    subject: int = Field(ge=0, description="index into subjects")
    force_type: Annotated[str, code_of("force_type")]
    body_region: str = Field(default="", max_length=40)
    resistance: Annotated[str, code_of("resistance")] = ""
    effective: bool | None = None
    at_vehicle: bool | None = None
    indiscriminate: bool | None = None


class ReportContent(Part):
    incident: IncidentPart
    subjects: list[SubjectPart] = Field(min_length=1)
    officers: list[OfficerPart] = Field(min_length=1)
    forces: list[ForcePart] = []

    @model_validator(mode="after")
    def force_refers_to_listed_people(self) -> ReportContent:
        for n, force in enumerate(self.forces, start=1):
            if force.officer >= len(self.officers):
                raise ValueError(f"force {n}: there is no officer {force.officer + 1}")
            if force.subject >= len(self.subjects):
                raise ValueError(f"force {n}: there is no subject {force.subject + 1}")
        return self
