import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("channel_accounts", "0004_imap_cursor"),
    ]

    operations = [
        migrations.AddField(
            model_name="channelaccount",
            name="default_team",
            field=models.ForeignKey(
                blank=True,
                help_text="New cases of this account are given to this team.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="accounts.team",
            ),
        ),
    ]
