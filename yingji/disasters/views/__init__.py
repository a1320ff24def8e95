"""Pages of the disasters module."""
