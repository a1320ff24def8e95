"""Services of plans and drills: every write, one function per business step."""
