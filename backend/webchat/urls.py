from django.urls import path

from webchat.apis import WidgetMessagesApi, WidgetReadReceiptApi, WidgetSessionApi

# Mounted at /api/widget/v1/ (config.urls).
urlpatterns = [
    path("sessions", WidgetSessionApi.as_view(), name="widget-sessions"),
    path("messages", WidgetMessagesApi.as_view(), name="widget-messages"),
    path("receipts", WidgetReadReceiptApi.as_view(), name="widget-receipts"),
]
