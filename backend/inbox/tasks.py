"""Background jobs of the inbox. Tasks take ids or nothing, reload, and call a service."""

from procrastinate.contrib.django import app

from inbox.services import snoozed_cases_wake


@app.periodic(cron="* * * * *", periodic_id="every_minute")
@app.task(queue="maintenance", queueing_lock="snoozed_cases_wake")
def wake_snoozed_cases(timestamp: int | None = None) -> int:
    """Snoozed cases whose time has come go back to open (at most a minute late)."""
    return snoozed_cases_wake()
