"""Traffic simulator: realistic customers (es/en/pl) played through the real signed webhook path.

`payloads` builds byte-exact signed requests per platform and event, `conversations` scripts the
customers (follow-ups, redeliveries, echoes and receipts, comments on posts), `runner` sends them
to a running server (`python -m integrations.simulator --help`). Pure Python + httpx, no Django:
`backend/inbox/management/commands/simulate_traffic.py` feeds it the accounts from the database.
"""

from integrations.simulator.conversations import Traffic, TrafficOptions
from integrations.simulator.payloads import SimAccount, WebhookRequest
from integrations.simulator.runner import BackgroundSimulator, Simulator, Summary, load_accounts, parse_rate

__all__ = [
    "BackgroundSimulator",
    "SimAccount",
    "Simulator",
    "Summary",
    "Traffic",
    "TrafficOptions",
    "WebhookRequest",
    "load_accounts",
    "parse_rate",
]
