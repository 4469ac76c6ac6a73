"""The websocket side of the ASGI app (kept apart from asgi.py so tests can build it
without the server entry point's start-up checks)."""

from channels.routing import URLRouter
from django.urls import path

from accounts.realtime_auth import websocket_auth_stack
from inbox.consumers import RealtimeConsumer

websocket_application = websocket_auth_stack(URLRouter([path("ws/", RealtimeConsumer.as_asgi())]))
