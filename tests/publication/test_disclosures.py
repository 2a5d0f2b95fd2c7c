"""Shooting disclosures: drafted from the records, published only when the case is
closed and an administrator approves, and never carrying the subject's name."""

from __future__ import annotations

import pytest
from django.test import Client

from forcewatch.core.audit import audit_verify
from forcewatch.core.models import AuditEvent
from forcewatch.policy.models import CaseStatus, DeadlyForceCase
from forcewatch.publication import models as pm
from forcewatch.publication.disclosures import disclosure_approve, disclosure_draft
from forcewatch.publication.selectors import public_disclosures
from forcewatch.publication.services import PublicationError
from forcewatch.records import models as rm
from tests.publication.conftest import Staff
from tests.publication.shooting import SUBJECT_KEY, close, shooting

TEXT = "On March 14, 2019, an officer fired at a man who was armed."


def test_a_draft_names_only_the_officers_who_fired(staff: Staff) -> None:
    case = shooting(staff.agency)
    d = disclosure_draft(case, staff["standards"])
    officers = list(d.officers.values("name", "age", "race", "sex", "rank"))
    assert officers == [
        {
            "name": "Ada Lovelace",
            "age": 34,  # 2019 - birth year 1985
            "race": ["W"],
            "sex": "F",
            "rank": "Senior Corporal",
        }
    ]
    assert d.officers.get().years_of_service == 8  # appointed 2010-09-01
    assert list(d.subjects.values("age", "race", "sex")) == [
        {"age": "25–29", "race": ["B"], "sex": "M"}
    ]
    assert d.status == pm.DisclosureStatus.DRAFT and d.drafted_by == staff["standards"]
    assert AuditEvent.objects.filter(action="disclosure_draft", actor="standards")


@pytest.mark.parametrize("who", ["analyst", "admin", "oversight", "other_admin"])
def test_only_professional_standards_drafts(staff: Staff, who: str) -> None:
    with pytest.raises(PublicationError, match="may not draft disclosure"):
        disclosure_draft(shooting(staff.agency), staff[who])


def test_a_case_without_a_firearm_discharge_is_not_a_shooting(staff: Staff) -> None:
    case = shooting(staff.agency, firearm=False)
    with pytest.raises(PublicationError, match="no firearm discharge"):
        disclosure_draft(case, staff["standards"])


def test_a_shooting_with_an_open_investigation_never_appears(staff: Staff) -> None:
    case = shooting(staff.agency)
    d = disclosure_draft(case, staff["standards"])
    with pytest.raises(
        PublicationError, match="only after its investigation is closed"
    ):
        disclosure_approve(d, staff["admin"], TEXT)
    d.refresh_from_db()
    assert d.status == pm.DisclosureStatus.DRAFT
    assert not public_disclosures().exists()
    client = Client()
    assert "Lovelace" not in client.get("/shootings/").content.decode()
    assert client.get(f"/shootings/{d.pk}/").status_code == 404


def test_closing_and_approving_publishes_it_without_the_subjects_name(
    staff: Staff,
) -> None:
    case = shooting(staff.agency)
    d = disclosure_draft(case, staff["standards"])
    close(case, staff["standards"])
    with pytest.raises(PublicationError, match="may not approve disclosure"):
        disclosure_approve(d, staff["standards"], TEXT)
    with pytest.raises(PublicationError, match="reviewed description"):
        disclosure_approve(d, staff["admin"], "  ")
    d = disclosure_approve(d, staff["admin"], TEXT)
    assert d.status == pm.DisclosureStatus.APPROVED and d.published_at
    assert AuditEvent.objects.filter(action="disclosure_approve", actor="admin")
    client = Client()
    listing = client.get("/shootings/").content.decode()
    assert "Ada Lovelace" in listing and f"/shootings/{d.pk}/" in listing
    page = client.get(f"/shootings/{d.pk}/").content.decode()
    assert TEXT in page and "Senior Corporal" in page and "25–29" in page
    assert "Grace" not in page and "Hopper" not in page  # did not fire
    subject = rm.Subject.objects.get(incident=case.incident)
    for private in (SUBJECT_KEY, "SMITH", subject.source_key):
        assert private not in page and private not in listing
    with pytest.raises(PublicationError, match="already approved"):
        disclosure_approve(d, staff["admin"], TEXT)
    assert audit_verify().ok


def test_no_model_has_a_field_for_a_subjects_name() -> None:
    def names(model: type) -> set[str]:
        return {f.name for f in model._meta.get_fields()}  # type: ignore[attr-defined]

    naming = {"name", "given_name", "family_name", "middle_name", "full_name"}
    assert not names(rm.Subject) & naming
    assert not names(pm.DisclosedSubject) & naming
    assert not names(pm.ShootingDisclosure) & naming
    assert "name" in names(pm.DisclosedOfficer)


def test_a_disclosure_leaves_the_public_pages_if_its_case_is_reopened(
    staff: Staff,
) -> None:
    case = shooting(staff.agency)
    d = disclosure_draft(case, staff["standards"])
    close(case, staff["standards"])
    disclosure_approve(d, staff["admin"], TEXT)
    assert list(public_disclosures()) == [d]
    DeadlyForceCase.objects.filter(pk=case.pk).update(status=CaseStatus.BOARD)
    assert not public_disclosures().exists()
    assert Client().get(f"/shootings/{d.pk}/").status_code == 404


def test_a_case_is_drafted_once(staff: Staff) -> None:
    case = shooting(staff.agency)
    disclosure_draft(case, staff["standards"])
    with pytest.raises(PublicationError, match="already has disclosure"):
        disclosure_draft(case, staff["standards"])
