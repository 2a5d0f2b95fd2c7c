"""The counting units, in the order every count lists them.

Plain data with no Django import, so the analysis package (which must not
import Django) and the ORM selectors share one definition.
"""

UNITS = (
    "incidents",
    "subjects",
    "officers",
    "officer_subject_pairs",
    "force_applications",
    "reports",
)
