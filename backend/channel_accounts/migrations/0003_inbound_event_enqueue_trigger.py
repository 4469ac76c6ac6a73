"""Storing an InboundEvent enqueues its processing in the same transaction, in the database.

The webhook accept path (channel_accounts.webhooks) is one INSERT; this trigger adds a
Procrastinate job `inbound_events_drain` (inbox.tasks) unless one is already waiting. One
waiting drain is enough: it claims every due event when it runs, and a drain that is
already running re-checks before it stops (see inbox.inbound.inbound_events_drain).
Reprocessing a dead event (status back to `pending`) enqueues the same way.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION dialogo_inbound_event_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM procrastinate_jobs WHERE queueing_lock = 'inbound_events_drain' AND status = 'todo'
    ) THEN
        BEGIN
            PERFORM procrastinate_defer_jobs_v1(ARRAY[
                ROW('inbound', 'inbound_events_drain', 0, NULL, 'inbound_events_drain', '{}'::jsonb, NULL)
                    ::procrastinate_job_to_defer_v1
            ]);
        EXCEPTION WHEN unique_violation THEN
            NULL;  -- a concurrent transaction queued it first
        END;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inbound_event_enqueue
    AFTER INSERT OR UPDATE OF status ON channel_accounts_inboundevent
    FOR EACH ROW WHEN (NEW.status = 'pending')
    EXECUTE FUNCTION dialogo_inbound_event_enqueue();
"""

DROP = """
DROP TRIGGER IF EXISTS inbound_event_enqueue ON channel_accounts_inboundevent;
DROP FUNCTION IF EXISTS dialogo_inbound_event_enqueue();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("channel_accounts", "0002_credentials_and_inbound_events"),
        ("procrastinate", "0041_post_retry_failed_job"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
