"""Pages of the warnings app, by topic: ``bulletins`` (staff pages of the bulletins,
their workflow and the 叫应 board), ``people`` (the responsible-person directory) and
``public`` (the pages without login)."""
