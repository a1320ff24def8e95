"""Hidden-hazard closed loop: report, rectify, verify, close; listed supervision; analysis."""
