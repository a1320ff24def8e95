"""Telemetry ingest: the two doors (MQTT consumer, HTTP batch endpoint), validation,
columnar storage, the rule engine over a batch, and the pipeline that ties them into
one transaction per batch. Alarm writes are the alarm service's: the pipeline hands it
the point changes that evaluation returns."""
