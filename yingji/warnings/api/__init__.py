"""API v1 of the warnings app, by topic: ``bulletins`` (with their workflow steps,
versions, board and CAP), ``people`` (the responsible-person directory) and
``readings`` (the monitoring feed that drafts bulletins); ``urls`` mounts them."""
