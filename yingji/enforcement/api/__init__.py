"""API of the enforcement module."""
