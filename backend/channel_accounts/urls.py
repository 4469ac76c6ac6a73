from rest_framework.routers import SimpleRouter

from channel_accounts import apis

router = SimpleRouter()
router.register("channel-accounts", apis.ChannelAccountViewSet, basename="channel-account")
router.register("inbound-events", apis.InboundEventViewSet, basename="inbound-event")

urlpatterns = router.urls
