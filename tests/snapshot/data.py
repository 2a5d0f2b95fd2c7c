"""Real fixture slices of two agencies, imported as `forcewatch import` does.

Dallas (one row per officer x subject, no reports), Chicago's TRR
2004-2018 (seven linked files: reports, review steps with times, subject
actions) and Chicago's complaints (complaints, allegations) together fill
every canonical table; `review_findings` adds policy findings and dispositions.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from forcewatch.policy.models import Disposition, Finding, Outcome
from forcewatch.policy.services import check_agency, dispose
from forcewatch.records import models as rm
from tests.conftest import FIXTURES, run_import

DALLAS = FIXTURES / "Dallas_Response_to_Resistance_2019_head.csv"
CHICAGO = sorted((FIXTURES / "chicago_trr_2004_2018").glob("*.csv"))
COMPLAINTS = sorted((FIXTURES / "chicago_complaints_2000_2023").glob("*.csv"))


def import_two_agencies() -> None:
    run_import("dallas", "dallas-r2r", [DALLAS])
    run_import("chicago", "chicago-trr-2004-2018", CHICAGO)
    run_import("chicago", "chicago-complaints-2000-2023", COMPLAINTS)


def review_findings() -> Disposition:
    """Check both agencies with the default pack; a reviewer finds the first
    finding about a Chicago officer out of policy (its reasons name no one)."""
    for agency in rm.Agency.objects.order_by("pk"):
        check_agency(agency)
    finding = Finding.objects.filter(
        agency__slug="chicago", officer__isnull=False
    ).earliest("pk")
    reviewer = User.objects.create_user("reviewer")
    return dispose(
        finding, outcome=Outcome.OUT_OF_POLICY, reasons="see the file", by=reviewer
    )
