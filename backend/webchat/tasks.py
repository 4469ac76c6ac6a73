"""Background jobs of the web-chat widget."""

from procrastinate.contrib.django import app

from webchat.services import unsent_widget_uploads_prune


@app.periodic(cron="43 * * * *", periodic_id="hourly")
@app.task(queue="maintenance", queueing_lock="unsent_widget_uploads_prune")
def prune_unsent_widget_uploads(timestamp: int | None = None) -> int:
    """Files visitors uploaded and never sent."""
    return unsent_widget_uploads_prune()
