"""API of the monitoring app, by topic: objects, devices and points (with trend),
alarms (with the workflow steps and 转隐患), dead letters and data sources, access rate,
rules document and live colours. Thin: writes go through the services."""
