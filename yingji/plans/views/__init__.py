"""Pages of plans and drills, by topic."""
