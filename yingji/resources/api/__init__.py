"""API v1 of the resources app, by topic; URLs in ``api.urls``."""
