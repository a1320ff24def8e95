"""Duty, incident intake and reporting, response, dispatch and review."""
