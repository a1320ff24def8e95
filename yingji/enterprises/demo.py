"""Demo data of the enterprise registry (filled in below)."""
