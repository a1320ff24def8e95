"""Services of the accidents module: every write, one function per business step."""
