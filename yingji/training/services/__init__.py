"""Services of the training module: people and certificates (``people``), the
requirement table (``requirements``), courses and attendance (``courses``), new
workers' 三级安全教育 (``staff``), the hidden hazard of a missing certificate
(``hazards``), coverage (``coverage``) and the Excel import of certificate rolls
(``imports``)."""
