"""Services of the resources app: every write, audited, with domain events."""
