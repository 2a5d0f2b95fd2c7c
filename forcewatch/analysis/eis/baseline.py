"""The threshold baseline: counts per rule, flags, a ranking score, explanations."""

from __future__ import annotations

import ibis
import numpy as np
from ibis.expr.types import Table

from forcewatch.analysis.eis.config import Rule


def rule_events(force: Table, complaints: Table, splits: Table, rule: Rule) -> Table:
    """split, person_id, date, event_id: each event a rule counts.

    The window is the `days` before the split, the split itself excluded. A
    force event is an engagement (event_id = its id); a complaint event is a
    complaint (event_id = its id).
    """
    if rule.event == "complaint":
        events = complaints.select(
            "person_id", date=complaints.received, event_id=complaints.complaint_id
        )
    else:
        events = force.select(
            "person_id", date=force.date, event_id=force.engagement_id
        )
    since = splits.split - ibis.interval(days=rule.days)
    window = splits.select("split", since=since)
    j = events.join(window, [events.date < window.split, events.date >= window.since])
    return j.select("split", "person_id", "date", "event_id")


def rule_counts(force: Table, complaints: Table, splits: Table, rule: Rule) -> Table:
    """split, person_id, n: the rule's events in the `days` before each split."""
    j = rule_events(force, complaints, splits, rule)
    return j.group_by(["split", "person_id"]).aggregate(n=j.count())


def rule_score(counts: dict[str, np.ndarray], rules: tuple[Rule, ...]) -> np.ndarray:
    """How far over its threshold an officer is: the largest count / at_least.

    An officer is flagged by the rules exactly when the score is 1 or more; the
    score ranks officers when the baseline is asked for a number of flags other
    than its own (ties are shared, see metrics.top_k).
    """
    ratios = [counts[r.id] / r.at_least for r in rules]
    return np.max(np.vstack(ratios), axis=0)


def rule_flags(counts: dict[str, np.ndarray], rules: tuple[Rule, ...]) -> np.ndarray:
    tripped = [counts[r.id] >= r.at_least for r in rules]
    return np.any(np.vstack(tripped), axis=0)


def explain_rules(counts: dict[str, int], rules: tuple[Rule, ...]) -> str:
    """The rules one officer tripped, with the counts: '4 force in 90 days (>= 3)'."""
    tripped = [
        f"{counts[r.id]} {r.event} events in {r.days} days (rule {r.id}: "
        f">= {r.at_least})"
        for r in rules
        if counts[r.id] >= r.at_least
    ]
    return "; ".join(tripped) or "no rule tripped"
