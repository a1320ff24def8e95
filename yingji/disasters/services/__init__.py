"""Services of the disasters module: every write, one function per business step."""
