"""WSGI entry point, for servers without ASGI (no live events there)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings")
application = get_wsgi_application()

from yingji.core.heap import freeze_startup_heap  # noqa: E402  (needs the settings)

freeze_startup_heap()
