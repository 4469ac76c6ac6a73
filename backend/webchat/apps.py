from django.apps import AppConfig


class WebchatConfig(AppConfig):
    name = "webchat"
    verbose_name = "Web chat widget"

    def ready(self) -> None:
        # Agent replies on `webchat` accounts are "sent" by pushing them to the visitor's sockets.
        from inbox.delivery import outbound_client_register
        from inbox.presence import typing_relay_register
        from webchat import schema  # noqa: F401 - registers the OpenAPI auth scheme
        from webchat.outbound import WebchatOutboundClient
        from webchat.realtime import agent_typing_relay

        outbound_client_register("webchat", WebchatOutboundClient)
        # An agent typing a reply on a web-chat case shows in the visitor's widget.
        typing_relay_register("webchat", agent_typing_relay)
