"""Models of the credit module, re-exported by topic."""

from yingji.credit.models.commitments import (
    CommitmentKind,
    CommitmentPlan,
    CreditSettings,
    Frequency,
    SafetyCommitment,
)
from yingji.credit.models.listing import (
    DishonestyEntry,
    ListingGround,
    RemovalApplication,
    RemovalKind,
)
from yingji.credit.models.records import CreditEvent, EventKind, SubjectType

__all__ = ["CommitmentKind", "CommitmentPlan", "CreditEvent", "CreditSettings", "DishonestyEntry",
           "EventKind", "Frequency", "ListingGround", "RemovalApplication", "RemovalKind",
           "SafetyCommitment", "SubjectType"]
