"""Background jobs of the inbox. Tasks take ids or nothing, reload, and call a service."""

from procrastinate.contrib.django import app

from inbox.assignment import assignment_backlog_sweep
from inbox.presence import presence_sweep_stale
from inbox.services import snoozed_cases_wake


@app.periodic(cron="* * * * *", periodic_id="every_minute")
@app.task(queue="maintenance", queueing_lock="snoozed_cases_wake")
def wake_snoozed_cases(timestamp: int | None = None) -> int:
    """Snoozed cases whose time has come go back to open (at most a minute late)."""
    return snoozed_cases_wake()


@app.periodic(cron="* * * * *", periodic_id="every_minute")
@app.task(queue="maintenance", queueing_lock="presence_sweep_stale")
def sweep_stale_presence(timestamp: int | None = None) -> int:
    """Agents whose sockets a dead process held go offline (within PRESENCE_TIMEOUT + 1 min)."""
    return presence_sweep_stale()


@app.periodic(cron="* * * * *", periodic_id="every_minute")
@app.task(queue="maintenance", queueing_lock="assignment_backlog_sweep")
def sweep_assignment_backlog(timestamp: int | None = None) -> int:
    """Offer waiting unassigned cases to online agents with room: catches what a race between
    a case opening and an agent freeing up left behind (at most a minute late)."""
    return assignment_backlog_sweep()
