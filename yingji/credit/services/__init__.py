"""Services of the credit module: every write, one function per business step."""
