"""Pages of the hazards module, by topic: ``hazards`` (ledger, detail, registration,
map, import), ``actions`` (the detail page's steps), ``inspections`` (check lists and
self-inspections) and ``analysis`` (statistics, public disclosure, settings)."""
