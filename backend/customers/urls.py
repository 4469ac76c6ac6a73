from rest_framework.routers import SimpleRouter

from customers import apis

router = SimpleRouter()
router.register("customers", apis.CustomerViewSet, basename="customer")

urlpatterns = router.urls
