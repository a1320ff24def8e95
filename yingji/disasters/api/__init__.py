"""API of the disasters module."""
