"""API of the plans module."""
