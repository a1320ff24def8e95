"""API of the accidents module."""
