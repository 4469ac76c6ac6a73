from django.urls import path
from rest_framework.routers import SimpleRouter

from sla import apis

router = SimpleRouter()
router.register("sla/calendars", apis.CalendarViewSet, basename="sla-calendar")
router.register("sla/policies", apis.PolicyViewSet, basename="sla-policy")

urlpatterns = [
    path("sla/cases/<int:case_id>/", apis.CaseSlaApi.as_view(), name="sla-case"),
    path("sla/breaching-soon/", apis.BreachingSoonApi.as_view(), name="sla-breaching-soon"),
    *router.urls,
]
