"""Real-time safety risk monitoring: ingest, rules, alarms, access rate, cockpit."""
