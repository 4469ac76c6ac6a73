from django.apps import AppConfig


class WebchatConfig(AppConfig):
    name = "webchat"
    verbose_name = "Web chat widget"

    def ready(self) -> None:
        # Agent replies on `webchat` accounts are "sent" by pushing them to the visitor's sockets.
        from inbox.delivery import outbound_client_register
        from webchat import schema  # noqa: F401 - registers the OpenAPI auth scheme
        from webchat.outbound import WebchatOutboundClient

        outbound_client_register("webchat", WebchatOutboundClient)
