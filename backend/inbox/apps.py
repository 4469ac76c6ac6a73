from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "inbox"
    verbose_name = "Inbox"

    def ready(self) -> None:
        # receivers: customers' merge event; sla_bridge: inbox events drive the SLA clocks.
        from inbox import delivery, receivers, sla_bridge  # noqa: F401
