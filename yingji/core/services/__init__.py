"""Business operations of the shared mechanisms. Every write goes through here."""
