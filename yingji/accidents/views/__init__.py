"""Pages of the accidents module, by topic."""
