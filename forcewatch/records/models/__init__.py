from forcewatch.records.models.agency import Agency
from forcewatch.records.models.complaint import Allegation, Complaint
from forcewatch.records.models.force import Engagement, ForceApplication, SubjectAction
from forcewatch.records.models.incident import Incident, Report, ReviewStep
from forcewatch.records.models.officer import Officer, OfficerIdentifier
from forcewatch.records.models.people import (
    DemographicSource,
    OfficerInvolvement,
    Role,
    Subject,
)
from forcewatch.records.models.provenance import SourceFile

__all__ = [
    "Agency",
    "Allegation",
    "Complaint",
    "DemographicSource",
    "Engagement",
    "ForceApplication",
    "Incident",
    "Officer",
    "OfficerIdentifier",
    "OfficerInvolvement",
    "Report",
    "ReviewStep",
    "Role",
    "SourceFile",
    "Subject",
    "SubjectAction",
]
