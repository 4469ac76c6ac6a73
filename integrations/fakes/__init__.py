"""Local fakes of the platforms' send APIs, speaking their real endpoints, bodies and errors.

For tests (clients against a fake over real HTTP) and for the embedded demo mode (replies "go out"
without a real Page, number, bot or X account). Pure Python, stdlib HTTP server, no Django.
"""

from integrations.fakes.graph import FakeGraph
from integrations.fakes.server import FakePlatform, FakeResponse, RecordedRequest, SentMessage
from integrations.fakes.telegram import FakeTelegram
from integrations.fakes.x import FakeX

__all__ = ["FakeGraph", "FakePlatform", "FakeResponse", "FakeTelegram", "FakeX", "RecordedRequest", "SentMessage"]
