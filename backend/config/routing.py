"""The websocket side of the ASGI app (kept apart from asgi.py so tests can build it
without the server entry point's start-up checks)."""

from channels.routing import URLRouter
from django.urls import path

from accounts.realtime_auth import websocket_auth_stack
from inbox.consumers import RealtimeConsumer
from webchat.consumers import WidgetConsumer

websocket_application = websocket_auth_stack(
    URLRouter([path("ws/widget/", WidgetConsumer.as_asgi()), path("ws/", RealtimeConsumer.as_asgi())])
)
