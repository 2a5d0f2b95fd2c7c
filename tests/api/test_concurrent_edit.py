"""Two clients edit one report: the second save is refused and nothing is lost."""

from __future__ import annotations

from forcewatch.reporting.models import FieldReport
from tests.api.conftest import api_as, content_for, filed
from tests.personas import World


def test_the_second_of_two_concurrent_saves_gets_409_and_loses_nothing(
    world: World,
) -> None:
    report = filed(world)
    path = f"/api/reports/{report.pk}"
    phone, laptop = api_as(world, "officer"), api_as(world, "officer")
    opened = [client.get(path).json()["version"] for client in (phone, laptop)]
    assert opened == [1, 1]

    first, second = content_for(world, "a"), content_for(world, "a")
    first["incident"]["address"] = "edited on the phone"
    second["incident"]["narrative"] = "edited on the laptop"
    saved = phone.send("PUT", path, {"version": 1, "content": first})
    refused = laptop.send("PUT", path, {"version": 1, "content": second})

    assert saved.status_code == 200
    assert refused.status_code == 409
    assert "changed by someone else" in refused.json()["detail"]
    assert "Your changes were not saved" in refused.json()["detail"]
    assert refused.json()["current_version"] == 2
    stored = FieldReport.objects.get(pk=report.pk)
    assert stored.version == 2
    assert stored.content["incident"]["address"] == "edited on the phone"
    assert [v.version for v in stored.versions.order_by("version")] == [1, 2]

    # the laptop reloads, applies its change to version 2, and both edits survive
    current = laptop.get(path).json()
    current["content"]["incident"]["narrative"] = "edited on the laptop"
    merged = laptop.send("PUT", path, {"version": 2, "content": current["content"]})
    assert merged.status_code == 200
    incident = FieldReport.objects.get(pk=report.pk).content["incident"]
    assert (incident["address"], incident["narrative"]) == (
        "edited on the phone",
        "edited on the laptop",
    )
