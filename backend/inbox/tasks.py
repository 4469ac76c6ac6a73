"""Background jobs of the inbox. Tasks take ids or nothing, reload, and call a service."""

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from inbox.assignment import assignment_backlog_sweep
from inbox.delivery import RetryLater, case_mark_read, message_deliver
from inbox.inbound import inbound_events_drain
from inbox.media import attachment_fetch
from inbox.presence import presence_sweep_stale
from inbox.profiles import identity_profile_fetch
from inbox.reply_media import unsent_uploads_prune
from inbox.services import snoozed_cases_wake
from integrations.errors import PlatformError


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


@app.task(name="inbound_events_drain", queue="inbound")
def drain_inbound_events() -> int:
    """Process stored webhook requests into the inbox. Enqueued by the InboundEvent table's
    trigger in the accept transaction (at most one waiting), by retries, and by the sweep below."""
    return inbound_events_drain()


@app.periodic(cron="* * * * *", periodic_id="every_minute")
@app.task(queue="maintenance", queueing_lock="inbound_events_sweep")
def sweep_inbound_events(timestamp: int | None = None) -> int:
    """Safety net: due events with no drain on its way (a worker died mid-batch) get one."""
    return inbound_events_drain(max_seconds=50)


@app.task(name="deliver_message", queue="outbound")
def deliver_message(message_id: int) -> str:
    """Send one queued agent reply (inbox.delivery). Rate limits and transient errors come
    back later as a new job, scheduled when the platform said (or with backoff)."""
    try:
        return message_deliver(message_id=message_id)
    except RetryLater as retry:
        deliver_message.configure(schedule_in={"seconds": max(1, int(retry.delay))}).defer(message_id=message_id)
        return "retry"


@app.task(
    name="fetch_attachment",
    queue="media",
    retry=RetryStrategy(max_attempts=5, exponential_wait=5, retry_exceptions={PlatformError}),
)
def fetch_attachment(attachment_id: int) -> str:
    """Download one customer attachment before the platform's link expires (inbox.media)."""
    return attachment_fetch(attachment_id=attachment_id)


@app.task(name="fetch_identity_profile", queue="media", retry=RetryStrategy(max_attempts=3, exponential_wait=10))
def fetch_identity_profile(identity_id: int, channel_account_id: int) -> str:
    """Name, avatar and follower count of a new customer from the platform (inbox.profiles)."""
    return identity_profile_fetch(identity_id=identity_id, channel_account_id=channel_account_id)


@app.task(name="mark_case_read", queue="outbound")
def mark_case_read(case_id: int) -> str:
    """The customer's platform shows our "seen" (inbox.delivery.case_mark_read)."""
    return case_mark_read(case_id=case_id)


@app.periodic(cron="41 * * * *", periodic_id="hourly")
@app.task(queue="maintenance", queueing_lock="unsent_uploads_prune")
def prune_unsent_uploads(timestamp: int | None = None) -> int:
    """Files attached in a composer and never sent go after a day (inbox.reply_media)."""
    return unsent_uploads_prune()
