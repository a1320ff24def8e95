"""Business operations of the incidents app (every write goes through here)."""
