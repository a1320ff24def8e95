"""API of the hazards module under /api/v1/hazards/, by topic: ``hazards`` (hazards
with their steps, extension requests), ``inspections`` and ``analysis``."""
