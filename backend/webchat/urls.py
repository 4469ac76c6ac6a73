from django.urls import path

from webchat.apis import (
    WidgetAttachmentApi,
    WidgetMessagesApi,
    WidgetReadReceiptApi,
    WidgetSessionApi,
    WidgetUploadsApi,
)

# Mounted at /api/widget/v1/ (config.urls).
urlpatterns = [
    path("sessions", WidgetSessionApi.as_view(), name="widget-sessions"),
    path("messages", WidgetMessagesApi.as_view(), name="widget-messages"),
    path("uploads", WidgetUploadsApi.as_view(), name="widget-uploads"),
    path("attachments/<int:pk>", WidgetAttachmentApi.as_view(), name="widget-attachment"),
    path("receipts", WidgetReadReceiptApi.as_view(), name="widget-receipts"),
]
