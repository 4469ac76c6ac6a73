"""X (Twitter) Account Activity API webhooks: DMs, mentions and replies."""
