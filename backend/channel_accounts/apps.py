from django.apps import AppConfig


class ChannelAccountsConfig(AppConfig):
    name = "channel_accounts"
    verbose_name = "Channel accounts"
