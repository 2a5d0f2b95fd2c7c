"""The learned models: scikit-learn pipelines with settings fixed in advance.

Hyperparameters are fixed here, not tuned on the evaluation splits (tuning on
them would flatter the model): they were chosen on Chicago's validation dates
2008-2011, before the 2012-2017 test dates (docs/eis-model-card.md). Counts
are log1p-transformed for the logistic regressions; missing values (years of
service, the force level of an officer without force) are imputed with the
training median there, and set to -1 (a value of their own) for the trees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.base import ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from threadpoolctl import threadpool_limits

from forcewatch.analysis.eis.features import COUNT_FEATURES, RICH_FEATURES

SEED = 20240601


@dataclass(frozen=True)
class ModelSpec:
    name: str
    title: str
    features: tuple[str, ...]
    build: Callable[[], Pipeline | ClassifierMixin]


def _signed_log1p(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.sign(x) * np.log1p(np.abs(x))


def logistic(c: float = 0.1) -> Pipeline:
    return make_pipeline(
        SimpleImputer(strategy="median", keep_empty_features=True),
        FunctionTransformer(_signed_log1p),
        StandardScaler(),
        LogisticRegression(C=c, max_iter=3000),
    )


def logistic_strong() -> Pipeline:
    """More shrinkage for many features and few positives."""
    return logistic(0.01)


def boosted_trees() -> Pipeline:
    # missing values as a value of their own (-1; counts are never negative):
    # the trees bin it apart, and an all-missing column does not break binning
    return make_pipeline(
        SimpleImputer(strategy="constant", fill_value=-1, keep_empty_features=True),
        HistGradientBoostingClassifier(
            learning_rate=0.05,
            max_iter=200,
            max_depth=2,
            min_samples_leaf=200,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=SEED,
        ),
    )


MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            "logistic_counts",
            "Logistic regression on time-windowed counts (the anchor's model)",
            COUNT_FEATURES,
            logistic,
        ),
        ModelSpec(
            "logistic",
            "Logistic regression on all features",
            RICH_FEATURES,
            logistic_strong,
        ),
        ModelSpec(
            "boosted_trees",
            "Gradient-boosted trees on all features",
            RICH_FEATURES,
            boosted_trees,
        ),
    )
}


def fit_predict(
    spec: ModelSpec,
    x_train: npt.NDArray[np.float64],
    y_train: npt.NDArray[np.int_],
    x_test: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], Pipeline | ClassifierMixin]:
    """Scores (probability of the label) for the test rows, and the fitted model."""
    if len(np.unique(y_train)) < 2:
        raise ValueError(
            f"{spec.name}: the training rows have one label only "
            f"({int(y_train.sum())} positives in {len(y_train)}): cannot train"
        )
    model = spec.build()
    with one_thread():
        model.fit(x_train, y_train)
        return model.predict_proba(x_test)[:, 1], model


def one_thread() -> threadpool_limits:
    """OpenMP/BLAS on one thread: the boosted trees' threads, spinning per tree,
    made fits 10x slower on a busy 2-core machine (measured), for little gain
    at this size."""
    return threadpool_limits(limits=1)
