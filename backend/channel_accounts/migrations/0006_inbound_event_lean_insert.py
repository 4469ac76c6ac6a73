"""A leaner InboundEvent insert (the webhook accept path writes one per request).

- `workspace` and `channel_account` lose their database constraints and single-column
  indexes (see the model): no share lock on the same parent rows by every concurrent insert,
  two fewer indexes to maintain. The composite indexes serve every query.
- The enqueue trigger (migration 0003) no longer opens a subtransaction (`BEGIN … EXCEPTION`)
  when no drain job is waiting: it inserts the job with `ON CONFLICT DO NOTHING` against
  Procrastinate's unique queueing-lock index, the same row `procrastinate_defer_jobs_v1`
  inserts (its insert trigger still notifies the workers). While a drain job is waiting, the
  indexed EXISTS check alone runs, as before.
"""

import django.db.models.deletion
from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION dialogo_inbound_event_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM procrastinate_jobs WHERE queueing_lock = 'inbound_events_drain' AND status = 'todo'
    ) THEN
        -- A concurrent transaction may queue it first: then this one does nothing.
        INSERT INTO procrastinate_jobs (queue_name, task_name, priority, lock, queueing_lock, args, scheduled_at)
        VALUES ('inbound', 'inbound_events_drain', 0, NULL, 'inbound_events_drain', '{}'::jsonb, NULL)
        ON CONFLICT (queueing_lock) WHERE status = 'todo' DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;
"""

PREVIOUS = """
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
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("channel_accounts", "0005_channel_account_default_team"),
    ]

    operations = [
        migrations.AlterField(
            model_name="inboundevent",
            name="workspace",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.workspace",
            ),
        ),
        migrations.AlterField(
            model_name="inboundevent",
            name="channel_account",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="inbound_events",
                to="channel_accounts.channelaccount",
            ),
        ),
        migrations.RunSQL(CREATE, PREVIOUS),
    ]
