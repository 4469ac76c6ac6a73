from rest_framework.routers import SimpleRouter

from customers import apis

router = SimpleRouter()
router.register("customers", apis.CustomerViewSet, basename="customer")
router.register("tagging-rules", apis.TaggingRuleViewSet, basename="tagging-rule")

urlpatterns = router.urls
