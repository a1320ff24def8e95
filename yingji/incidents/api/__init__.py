"""API of the incidents app under /api/v1/, by topic; the routes are in ``urls``."""
