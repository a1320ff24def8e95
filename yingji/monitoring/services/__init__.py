"""Services of the monitoring app: every write goes through here."""
