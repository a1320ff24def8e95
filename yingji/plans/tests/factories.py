"""Builders of plans for tests (the demo and the benchmark use the same)."""

from yingji.plans.builders import FIRE_LEVELS, GROUPS, bring_in_force, build_plan

__all__ = ["FIRE_LEVELS", "GROUPS", "bring_in_force", "build_plan"]
