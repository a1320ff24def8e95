"""Services of the enforcement module. Entry points for other modules:
``penalties.penalty_decisions`` (the credit module) and ``penalties.enterprise_summary``
(the enterprise file)."""
