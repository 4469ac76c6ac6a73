"""One-time webhook proofs (Mailgun's `token`), remembered while a replay would still pass."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("channel_accounts", "0006_inbound_event_lean_insert"),
    ]

    operations = [
        migrations.CreateModel(
            name="WebhookNonce",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("nonce", models.CharField(max_length=255)),
                ("expires_at", models.DateTimeField()),
                (
                    "channel_account",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="channel_accounts.channelaccount",
                    ),
                ),
                (
                    "workspace",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.workspace",
                    ),
                ),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("channel_account", "nonce"), name="webhook_nonce_unique")],
            },
        ),
    ]
