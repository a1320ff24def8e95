"""The analysis parameters: read without writing, saved with an audit entry."""

from __future__ import annotations

from typing import Any

from yingji.core.actor import Actor
from yingji.core.services.settings import save_settings
from yingji.resources.models import AnalysisSettings


def analysis_settings() -> AnalysisSettings:
    """The saved parameters, or the national defaults before anyone saved them."""
    return AnalysisSettings.current()


def save_analysis_settings(data: dict[str, Any], *, actor: Actor) -> AnalysisSettings:
    """Change the parameters (city-wide users only; the first save creates the row)."""
    return save_settings(AnalysisSettings, data, actor=actor)
