from __future__ import annotations

from django.http import HttpRequest

from forcewatch.accounts.models import Role
from forcewatch.accounts.policies import PolicyPage, Principal, may_use
from forcewatch.accounts.selectors import principal_for
from forcewatch.records.models import Agency


def roles(request: HttpRequest) -> dict[str, object]:
    """What the page header needs to show only the links a user may follow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_supervisor": False, "policy_nav": None}
    who = principal_for(user)
    return {
        "is_supervisor": any(g.role == Role.SUPERVISOR for g in who.grants),
        "policy_nav": policy_nav(who),
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
    slug = Agency.objects.filter(pk=agency_id).values_list("slug", flat=True).first()
    return {"agency": slug, **pages}
