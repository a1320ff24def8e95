"""The demo flood (filled in below)."""

from __future__ import annotations
