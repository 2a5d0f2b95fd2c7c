from __future__ import annotations

from django.http import HttpRequest

from forcewatch.accounts.models import Role
from forcewatch.accounts.policies import (
    PolicyPage,
    Principal,
    SupportPage,
    may_open_support,
    may_use,
    own_officer_ids,
)
from forcewatch.accounts.selectors import principal_for
from forcewatch.support.selectors import has_own_flags


def roles(request: HttpRequest) -> dict[str, object]:
    """What the page header needs to show only the links a user may follow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_supervisor": False, "policy_nav": None, "support_nav": None}
    who = principal_for(user)
    return {
        "is_supervisor": any(g.role == Role.SUPERVISOR for g in who.grants),
        "policy_nav": policy_nav(who),
        "support_nav": support_nav(who),
    }


def policy_nav(who: Principal) -> dict[str, object] | None:
    """The policy review pages of the user's agency (the first, as on the staff
    pages) that their roles open: {"agency": slug, page: bool...}, or None."""
    if not who.grants:
        return None
    agency_id = min(g.agency_id for g in who.grants)
    pages = {str(page): may_use(who, page, agency_id) for page in PolicyPage}
    if not any(pages.values()):
        return None
    return {"agency": who.slug_of(agency_id), **pages}


def support_nav(who: Principal) -> dict[str, object] | None:
    """The support pages of the user's (first) agency they may open: the queue,
    the due dates, and their own flags when there are any."""
    if not who.grants:
        return None
    agency_id = min(g.agency_id for g in who.grants)
    pages = {str(page): may_open_support(who, page, agency_id) for page in SupportPage}
    officers = own_officer_ids(who, agency_id)
    pages["mine"] = bool(officers) and has_own_flags(agency_id, officers)
    if not any(pages.values()):
        return None
    return {"agency": who.slug_of(agency_id), **pages}
