"""ASGI entry point (uvicorn): pages, API and the Server-Sent Events stream."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings")
application = get_asgi_application()
