"""Services of the warnings app: every write goes through here."""
