"""ASGI entry point (uvicorn): pages, API and the Server-Sent Events stream."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings")
django_application = get_asgi_application()

from yingji.core.heap import freeze_startup_heap  # noqa: E402  (needs the settings)
from yingji.core.security.body_limit import BodyLimit  # noqa: E402

# Bodies over the limit are refused before Django spools them (core.security.body_limit).
application = BodyLimit(django_application)
# Last, once everything a request needs is loaded (core.heap).
freeze_startup_heap()
