"""ASGI entry point: platform webhooks (fast path), HTTP (Django) and websockets (Channels) on one port."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_http_application = get_asgi_application()  # sets Django up before the imports below

from channels.routing import ProtocolTypeRouter  # noqa: E402

from channel_accounts.webhook_gateway import WebhookGateway  # noqa: E402
from config.processes import long_running_process_ready  # noqa: E402
from config.routing import websocket_application  # noqa: E402
from config.security import refuse_insecure_settings  # noqa: E402

refuse_insecure_settings()

# Platform webhooks are answered by the gateway before Django (see its docstring).
application = WebhookGateway(ProtocolTypeRouter({"http": django_http_application, "websocket": websocket_application}))

# Loaded now what the first message would wait for, and out of the collector's way (config.processes).
long_running_process_ready()
