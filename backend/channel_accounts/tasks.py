"""Background jobs of channel accounts. Tasks take ids or nothing, reload, and call a service."""

from procrastinate.contrib.django import app

from channel_accounts.mailboxes import mailboxes_poll


@app.periodic(cron="* * * * *", periodic_id="every_minute")
@app.task(queue="maintenance", queueing_lock="mailboxes_poll")
def poll_mailboxes(timestamp: int | None = None) -> int:
    """Fetch new mail from every email account with IMAP credentials (at most a minute late)."""
    return mailboxes_poll()
