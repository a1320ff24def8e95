"""Models of the training module, re-exported by topic."""

from yingji.training.models.courses import Attendance, Course, Mode, TrainingSession
from yingji.training.models.informants import Informant, InformantDuty
from yingji.training.models.people import (
    Certificate,
    CertificateKind,
    CertifiedPerson,
    Post,
    WorkType,
)
from yingji.training.models.requirements import Requirement, TrainingSettings
from yingji.training.models.staff import NewWorkerTraining
from yingji.training.models.teams import ExerciseKind, ExerciseRecord, TeamExercise

__all__ = [
    "Attendance",
    "Certificate",
    "CertificateKind",
    "CertifiedPerson",
    "Course",
    "ExerciseKind",
    "ExerciseRecord",
    "Informant",
    "InformantDuty",
    "Mode",
    "NewWorkerTraining",
    "Post",
    "Requirement",
    "TeamExercise",
    "TrainingSession",
    "TrainingSettings",
    "WorkType",
]
