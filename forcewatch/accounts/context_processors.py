from __future__ import annotations

from django.http import HttpRequest

from forcewatch.accounts.policies import (
    AgencyRef,
    PolicyPage,
    Principal,
    SupportPage,
    has_review_queue,
    may_open_support,
    may_use,
    own_officer_ids,
)
from forcewatch.accounts.selectors import principal_for, working_agency
from forcewatch.support.selectors import has_own_flags

NO_NAV: dict[str, object] = {
    "is_supervisor": False,
    "policy_nav": None,
    "support_nav": None,
    "agency_switch": None,
}


def roles(request: HttpRequest) -> dict[str, object]:
    """What the page header needs to show only the links a user may follow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return NO_NAV
    who = principal_for(user)
    agency = working_agency(request)
    if agency is None:
        return NO_NAV
    return {
        "is_supervisor": has_review_queue(who, agency.id),
        "policy_nav": policy_nav(who, agency),
        "support_nav": support_nav(who, agency),
        "agency_switch": agency_switch(who, agency),
    }


def agency_switch(who: Principal, shown: AgencyRef) -> dict[str, object] | None:
    """For a user with roles in several agencies: the one shown and the others."""
    if len(who.agencies) < 2:
        return None
    return {"current": shown.slug, "agencies": who.agencies}


def policy_nav(who: Principal, agency: AgencyRef) -> dict[str, object] | None:
    """The policy review pages of the agency the user works in that their roles
    open: {"agency": slug, page: bool...}, or None."""
    pages = {str(page): may_use(who, page, agency.id) for page in PolicyPage}
    if not any(pages.values()):
        return None
    return {"agency": agency.slug, **pages}


def support_nav(who: Principal, agency: AgencyRef) -> dict[str, object] | None:
    """The support pages of the agency the user works in that they may open: the
    queue, the due dates, and their own flags when there are any."""
    pages = {str(page): may_open_support(who, page, agency.id) for page in SupportPage}
    officers = own_officer_ids(who, agency.id)
    pages["mine"] = bool(officers) and has_own_flags(agency.id, officers)
    if not any(pages.values()):
        return None
    return {"agency": agency.slug, **pages}
