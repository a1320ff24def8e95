"""The deterministic demo city (Wuhan) that ``yingji demo`` builds.

Modules add their own demo data by registering a builder in ``registry``.
"""
