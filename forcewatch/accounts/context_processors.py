from __future__ import annotations

from django.http import HttpRequest

from forcewatch.accounts.models import Role
from forcewatch.accounts.selectors import principal_for


def roles(request: HttpRequest) -> dict[str, object]:
    """What the page header needs to show only the links a user may follow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_supervisor": False}
    grants = principal_for(user).grants
    return {"is_supervisor": any(g.role == Role.SUPERVISOR for g in grants)}
