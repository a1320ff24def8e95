"""API of the enterprise registry: ``serializers``, ``enterprises`` (viewsets and the
self-assessment endpoint), ``reference`` (the editable tables), ``urls``."""
