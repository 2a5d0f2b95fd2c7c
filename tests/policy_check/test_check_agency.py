"""check_agency: findings stored with their versions, incremental and idempotent."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from django.conf import settings

from forcewatch.core.audit import audit_verify
from forcewatch.core.models import AuditEvent
from forcewatch.policy.models import (
    CheckRun,
    Finding,
    FindingStatus,
    Kind,
    RuleVersion,
    UnitCheck,
)
from forcewatch.policy.pack import load_pack
from forcewatch.policy.services import check_agency
from forcewatch.records import models as rm
from tests.conftest import FIXTURES
from tests.policy_check.builders import (
    agency,
    edit,
    findings,
    officer,
    write_incidents,
)
from tests.policy_check.conftest import Importer

CHICAGO = FIXTURES / "chicago_trr_2004_2018"
ON_POSTGRES = "postgresql" in str(settings.DATABASES["default"]["ENGINE"])


def test_it_stores_findings_with_rule_id_rule_version_and_pack_version(
    chicago: rm.Agency,
) -> None:
    pack = load_pack()
    summary = check_agency(chicago)
    run = summary.run
    assert (run.pack, run.pack_version, run.pack_sha256) == (
        pack.name,
        pack.version,
        pack.sha256,
    )
    assert (run.units_seen, run.units_checked) == (15, 15)
    assert run.finished_at is not None and not summary.errors
    stored = list(Finding.objects.filter(agency=chicago))
    assert stored and run.findings_new == len(stored)
    for f in stored:
        rule = pack.rule(f.rule_id, f.rule_version)
        assert rule is not None and f.incident_date is not None
        assert rule.in_force(f.incident_date)
        assert (f.pack, f.pack_version, f.run_id) == (pack.name, pack.version, run.pk)
        assert (f.severity, f.status) == (rule.severity, FindingStatus.OPEN)
    registered = set(RuleVersion.objects.values_list("rule_id", "version"))
    assert registered == {(r.id, r.version) for r in pack.rules}


def test_a_finding_names_the_item_officer_unit_and_missing_facts(
    chicago: rm.Agency,
) -> None:
    check_agency(chicago)
    f = Finding.objects.get(rule_id="warning-before-deadly-force")
    report = rm.Report.objects.get(agency=chicago, source_key="1752")
    assert (f.unit_key, f.report_id, f.incident_id) == (
        f"report:{report.pk}",
        report.pk,
        report.incident_id,
    )
    assert (f.kind, f.item) == (Kind.INCOMPLETE, "force:p456008-action:10372")
    assert f.missing == [
        "force.officer.warning_given",
        "force.officer.warning_feasible",
    ]
    assert f.officer is not None and f.officer.source_key == "p456008:829"
    assert f.unit == "6" and f.incident_date == dt.date(2004, 6, 9)
    assert f.evidence["force.type"] == "firearm_discharge"
    assert f.evidence["report.key"] == "1752"


def test_tallies_count_each_rule_per_report(chicago: rm.Agency) -> None:
    run = check_agency(chicago).run
    # 14 TRRs have a hard takedown or more and no de-escalation column
    assert run.tallies["deescalation-attempted"] == {"applicable": 14, "incomplete": 14}
    assert run.tallies["force-proportionate"] == {"applicable": 14, "passed": 14}
    fired = sum(t.get("fired", 0) for t in run.tallies.values())
    incomplete = sum(t.get("incomplete", 0) for t in run.tallies.values())
    assert fired == 0 and incomplete == 20


def test_a_second_check_evaluates_nothing_and_creates_nothing(
    chicago: rm.Agency,
) -> None:
    check_agency(chicago)
    before = findings(chicago)
    events = AuditEvent.objects.count()
    again = check_agency(chicago).run
    assert (again.units_seen, again.units_checked) == (15, 0)
    assert (again.findings_new, again.findings_cleared) == (0, 0)
    assert findings(chicago) == before
    assert Finding.objects.filter(run=again).count() == 0
    # only the run's own start and finish were recorded
    assert AuditEvent.objects.count() == events + 2
    assert CheckRun.objects.count() == 2


def test_reimporting_the_same_files_then_checking_gives_identical_findings(
    chicago: rm.Agency, importer: Importer, tmp_path: Path
) -> None:
    check_agency(chicago)
    before = findings(chicago)
    copies = []
    for path in sorted(CHICAGO.iterdir()):  # the same bytes, somewhere else
        copies.append(tmp_path / path.name)
        shutil.copy(path, copies[-1])
    outcomes = importer("chicago", "chicago-trr-2004-2018", copies)
    assert {o.status for o in outcomes} == {"already imported"}
    run = check_agency(chicago).run
    assert (run.units_checked, run.findings_new, run.findings_cleared) == (0, 0, 0)
    assert findings(chicago) == before


def test_a_filled_in_fact_rechecks_only_that_unit(dallas: rm.Agency) -> None:
    check_agency(dallas)
    rule = "first-aid-and-medical-help"
    subject = rm.Subject.objects.get(agency=dallas, source_key="UF2019-1344/6020748798")
    unit_key = f"incident:{subject.incident_id}"
    [old] = Finding.objects.filter(unit_key=unit_key, rule_id=rule)
    assert old.kind == Kind.INCOMPLETE
    others = {k for k in findings(dallas) if k[0] != unit_key}
    edit(subject, first_aid_given=True, medical_requested=False)
    run = check_agency(dallas).run
    assert (run.units_seen, run.units_checked) == (58, 1)
    assert (run.findings_new, run.findings_cleared) == (1, 1)
    old.refresh_from_db()
    assert old.status == FindingStatus.CLEARED
    new = Finding.objects.get(unit_key=unit_key, rule_id=rule, kind=Kind.VIOLATION)
    assert (new.item, new.run_id, new.missing) == (old.item, run.pk, [])
    assert new.evidence["subject.medical_requested"] is False
    assert {k for k in findings(dallas) if k[0] != unit_key} == others


def test_a_fact_filled_in_on_the_policy_side_leaves_nothing_for_that_rule(
    dallas: rm.Agency,
) -> None:
    check_agency(dallas)
    rule = "first-aid-and-medical-help"
    subject = rm.Subject.objects.get(agency=dallas, source_key="UF2019-1665/61130")
    unit_key = f"incident:{subject.incident_id}"
    edit(subject, first_aid_given=True, medical_requested=True)
    run = check_agency(dallas).run
    assert run.units_checked == 1
    [old] = Finding.objects.filter(unit_key=unit_key, rule_id=rule)
    assert old.status == FindingStatus.CLEARED
    # the request was made: the next rule now asks how soon
    [asks] = Finding.objects.filter(unit_key=unit_key, run=run)
    assert (asks.rule_id, asks.kind, asks.missing) == (
        "medical-help-without-delay",
        Kind.INCOMPLETE,
        ["subject.medical_minutes"],
    )


def test_a_change_no_rule_reads_does_not_recheck(dallas: rm.Agency) -> None:
    check_agency(dallas)
    subject = rm.Subject.objects.get(agency=dallas, source_key="UF2019-1665/61130")
    edit(subject, age_min=30, age_max=30, sex="F")
    edit(subject.incident, address="somewhere else", beat="999")
    run = check_agency(dallas).run
    assert (run.units_checked, run.findings_new, run.findings_cleared) == (0, 0, 0)


def test_a_cleared_finding_reopens_when_the_fact_is_lost_again(
    dallas: rm.Agency,
) -> None:
    check_agency(dallas)
    subject = rm.Subject.objects.get(agency=dallas, source_key="UF2019-1344/6020748798")
    edit(subject, first_aid_given=True, medical_requested=True)
    check_agency(dallas)
    edit(subject, first_aid_given=None, medical_requested=None)
    check_agency(dallas)
    [f] = Finding.objects.filter(
        incident=subject.incident, rule_id="first-aid-and-medical-help"
    )
    assert (f.kind, f.status) == (Kind.INCOMPLETE, FindingStatus.OPEN)
    assert audit_verify().ok


def test_since_limits_the_check_to_incidents_on_or_after_the_date(
    dallas: rm.Agency,
) -> None:
    dates = sorted(
        d
        for d in rm.Incident.objects.filter(agency=dallas).values_list(
            "occurred_date", flat=True
        )
        if d is not None
    )
    since = dates[len(dates) // 2]  # an incident's own date: the bound is inclusive
    later = sum(1 for d in dates if d >= since)
    run = check_agency(dallas, since=since).run
    assert run.since == since
    assert run.units_seen == run.units_checked == later < len(dates)
    checked = {d for d in Finding.objects.values_list("incident_date", flat=True) if d}
    assert checked and min(checked) == since
    assert UnitCheck.objects.filter(agency=dallas).count() == later
    rest = check_agency(dallas).run
    assert (rest.units_seen, rest.units_checked) == (len(dates), len(dates) - later)


def test_audit_verify_passes_after_checks_and_corrections(dallas: rm.Agency) -> None:
    check_agency(dallas, since=dt.date(2019, 7, 1))
    check_agency(dallas)
    subject = rm.Subject.objects.get(agency=dallas, source_key="UF2019-1344/6020748798")
    edit(subject, first_aid_given=True, medical_requested=False)
    check_agency(dallas)
    result = audit_verify()
    assert result.ok, result.problems


def test_a_long_source_key_is_kept_whole_in_the_finding(
    transactional_db: None,
) -> None:
    city = agency("long-keys")
    key = "K" * 190  # the records allow 200 characters
    write_incidents(
        city,
        [
            {
                "key": key,
                "date": dt.date(2022, 1, 1),
                "officers": [officer("o1")],
                "subjects": [{}],  # injury not recorded: a finding on the subject
                "force": [{"officer": 0, "subject": 0, "type": "takedown"}],
            }
        ],
    )
    check_agency(city)
    [finding] = Finding.objects.filter(rule_id="injury-recorded")
    assert finding.item == f"subject:{key}/s1"
