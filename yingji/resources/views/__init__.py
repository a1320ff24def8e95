"""Pages of the resources app, by topic."""
