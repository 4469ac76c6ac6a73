"""Background jobs for accounts. Tasks take ids or nothing, reload, and call a service."""

from procrastinate.contrib.django import app

from accounts.services import sessions_purge_expired


@app.periodic(cron="17 3 * * *", periodic_id="daily")
@app.task(queue="maintenance", queueing_lock="sessions_purge_expired")
def purge_expired_sessions(timestamp: int | None = None) -> int:
    """Delete expired browser sessions (Django never does it on its own)."""
    return sessions_purge_expired()
