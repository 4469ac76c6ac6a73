from django.urls import path
from rest_framework.routers import SimpleRouter

from inbox import apis

router = SimpleRouter()
router.register("cases", apis.CaseViewSet, basename="case")
router.register("canned-responses", apis.CannedResponseViewSet, basename="canned-response")

urlpatterns = [
    path("customers/<int:customer_id>/cases/", apis.CustomerCaseListApi.as_view(), name="customer-cases"),
    path("case-tags/", apis.CaseTagListApi.as_view(), name="case-tags"),
    path("attachments/<int:pk>/", apis.AttachmentDownloadApi.as_view(), name="attachment-download"),
    path("channel-accounts/<int:pk>/messages/", apis.ApiChannelMessageApi.as_view(), name="channel-account-messages"),
    *router.urls,
]
