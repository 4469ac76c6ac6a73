"""The websocket at /ws/.

Authentication happens before this consumer runs (accounts.realtime_auth puts `user`,
`workspace_id` and `role` in the scope, from the session cookie or an API token). A socket
without them is refused at the handshake (HTTP 403), never accepted and then closed.
"""

from __future__ import annotations

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from core.realtime import user_group, workspace_group


class RealtimeConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        workspace_id = self.scope.get("workspace_id")
        if user is None or not user.is_authenticated or workspace_id is None:
            await self.close()
            return
        self.subscribed_groups = [workspace_group(workspace_id), user_group(user.pk)]
        for group in self.subscribed_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "workspace": workspace_id, "user": user.pk, "role": self.scope.get("role")})

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "subscribed_groups", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self.send_json({"type": "error", "message": "Unknown message type.", "code": "unknown_message"})

    async def realtime_event(self, message: dict) -> None:
        await self.send_json(message["event"])
