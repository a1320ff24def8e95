"""Pages of the enterprise registry, by topic: ``enterprises`` (list, file, edit,
accounts, import), ``records`` (the file's licences, major hazards, risk points and the
licence lists), ``maps`` (risk map and charts), ``reference`` (the editable tables)."""
