"""Pages of the enforcement module, by topic."""
