"""Models of the forest fire module (森林防灭火)."""

from yingji.forestfire.models.danger import DangerSource, FireDanger
from yingji.forestfire.models.settings import ForestFireSettings

__all__ = ["DangerSource", "FireDanger", "ForestFireSettings"]
