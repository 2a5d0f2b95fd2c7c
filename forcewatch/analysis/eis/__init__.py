"""Early intervention: threshold rules as data, learned models, an honest evaluation.

No Django here: everything reads a snapshot through an Ibis backend.

>>> from forcewatch.analysis.eis import load_thresholds
>>> [(r.event, r.at_least, r.days) for r in load_thresholds().rules]
[('force', 3, 90), ('complaint', 3, 180)]
"""

from forcewatch.analysis.eis.config import (
    Rule,
    ThresholdError,
    Thresholds,
    load_thresholds,
)
from forcewatch.analysis.eis.labels import Label, LabelError, get_label, load_labels
from forcewatch.analysis.eis.output import (
    Evaluation,
    evaluate,
    evaluate_snapshot,
    headline,
)
from forcewatch.analysis.eis.scoring import Plan

__all__ = [
    "Evaluation",
    "Label",
    "LabelError",
    "Plan",
    "Rule",
    "ThresholdError",
    "Thresholds",
    "evaluate",
    "evaluate_snapshot",
    "get_label",
    "headline",
    "load_labels",
    "load_thresholds",
]
