"""Demo of the governance module (filled in below)."""
