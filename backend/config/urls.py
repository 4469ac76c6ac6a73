from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from channel_accounts.webhook_views import platform_webhook
from core.errors import json_not_found
from core.health import healthz
from core.spa import frontend_index
from inbox.apis import ApiChannelMessageApi, public_reply_media
from webchat.views import widget_demo, widget_script

api_v1 = [
    path("", include("accounts.urls")),
    path("", include("channel_accounts.urls")),
    path("", include("customers.urls")),
    path("", include("inbox.urls")),
    path("", include("sla.urls")),
    path("", include("reports.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include(api_v1)),
    path("api/widget/v1/", include("webchat.urls")),
    path("widget.js", widget_script, name="widget-script"),
    path("widget/demo/", widget_demo, name="widget-demo"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # The generic `api` channel's webhook (DESIGN contract): token-authenticated, same view as
    # POST /api/v1/channel-accounts/<id>/messages/.
    path("webhooks/api/<int:pk>/", ApiChannelMessageApi.as_view(), name="webhook-api"),
    # Every platform's signed webhook (under ASGI answered first by channel_accounts.webhook_gateway).
    re_path(r"^webhooks/(?P<kind>messenger|instagram|whatsapp|telegram|x|email)/(?P<pk>\d+)/$", platform_webhook, name="webhook"),
    # Mailgun posts the raw message only to a forward() URL that ends in "mime".
    re_path(r"^webhooks/(?P<kind>email)/(?P<pk>\d+)/mime/?$", platform_webhook, name="webhook-email-mime"),
    # Agents' outbound files for the platforms to fetch (signed link, no login): inbox.reply_media.
    path("media/replies/<int:pk>/<str:signature>/<str:name>", public_reply_media, name="reply-media"),
    path("admin/", admin.site.urls),
    # Unknown API and webhook paths answer JSON, also with DEBUG on.
    re_path(r"^(?:api|webhooks)/", json_not_found),
    # Browser routes of the React app (no file extension, not an API/ws/webhook path).
    re_path(r"^(?!api/|ws/|webhooks/|admin/|static/|media/)(?:[\w\-/]*)$", frontend_index, name="frontend"),
]

handler400 = "core.errors.json_bad_request"
handler403 = "core.errors.json_permission_denied"
handler404 = "core.errors.json_not_found"
handler500 = "core.errors.json_server_error"
