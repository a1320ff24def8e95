"""Models of the public reporting module, re-exported by topic."""

from yingji.tipoffs.models.rewards import TipoffReward, TipoffVote, Vote
from yingji.tipoffs.models.settings import TipoffSettings
from yingji.tipoffs.models.tipoffs import (
    AccidentGrade,
    Channel,
    Disposal,
    MatterKind,
    Outcome,
    Tipoff,
    TipoffReporter,
    TipoffThrottle,
)

__all__ = ["AccidentGrade", "Channel", "Disposal", "MatterKind", "Outcome", "Tipoff",
           "TipoffReporter", "TipoffReward", "TipoffSettings", "TipoffThrottle", "TipoffVote",
           "Vote"]
