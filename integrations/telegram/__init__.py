"""Telegram Bot API webhooks (one `Update` per POST)."""
