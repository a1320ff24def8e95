"""Pages of the incidents app."""
