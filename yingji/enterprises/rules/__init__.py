"""Pure regulatory computations of the enterprise registry, by topic (``credit``,
``major_hazard``, ``substances``, ``risk``, ``geo``). No Django imports.

Tables (critical quantities, β, α, colour cut-offs) are passed in as arguments: the
platform keeps them as editable reference data (``models.reference``) and loads the
standard's figures as defaults; the defaults below exist for tests and for callers
with no database.
"""

from __future__ import annotations

from yingji.enterprises.rules.credit import (
    CREDIT_ALPHABET,
    CREDIT_WEIGHTS,
    CreditCodeError,
    credit_check_character,
    is_valid_credit_code,
    normalize_credit_code,
)
from yingji.enterprises.rules.geo import (
    EARTH_RADIUS_KM,
    check_coordinates,
    distance_km,
)
from yingji.enterprises.rules.major_hazard import (
    DEFAULT_ALPHA_BANDS,
    GRADE_CUTOFFS,
    GRADE_NAMES,
    MAX_QUANTITY_T,
    HazardAssessment,
    HazardInputError,
    SubstanceInput,
    SubstanceTerm,
    alpha_for,
    assess_unit,
    check_quantity,
    grade_for,
)
from yingji.enterprises.rules.risk import (
    COLOUR_NAMES,
    COLOUR_RISK,
    COLOURS,
    DEFAULT_GRADE_COLOURS,
    DEFAULT_LEC_BANDS,
    DEFAULT_LS_BANDS,
    LEC_C,
    LEC_E,
    LEC_L,
    RiskScore,
    ScoreBand,
    band_for,
    enterprise_colour,
    lec,
    ls_matrix,
    most_severe,
)
from yingji.enterprises.rules.substances import (
    CategoryRow,
    NamedRow,
    lookup_substance,
)

__all__ = [
    "COLOURS",
    "COLOUR_NAMES",
    "COLOUR_RISK",
    "CREDIT_ALPHABET",
    "CREDIT_WEIGHTS",
    "DEFAULT_ALPHA_BANDS",
    "DEFAULT_GRADE_COLOURS",
    "DEFAULT_LEC_BANDS",
    "DEFAULT_LS_BANDS",
    "EARTH_RADIUS_KM",
    "GRADE_CUTOFFS",
    "GRADE_NAMES",
    "LEC_C",
    "LEC_E",
    "LEC_L",
    "MAX_QUANTITY_T",
    "CategoryRow",
    "CreditCodeError",
    "HazardAssessment",
    "HazardInputError",
    "NamedRow",
    "RiskScore",
    "ScoreBand",
    "SubstanceInput",
    "SubstanceTerm",
    "alpha_for",
    "assess_unit",
    "band_for",
    "check_coordinates",
    "check_quantity",
    "credit_check_character",
    "distance_km",
    "enterprise_colour",
    "grade_for",
    "is_valid_credit_code",
    "lec",
    "lookup_substance",
    "ls_matrix",
    "most_severe",
    "normalize_credit_code",
]
