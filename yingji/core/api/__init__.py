"""REST API v1: base classes shared by every module's endpoints."""
