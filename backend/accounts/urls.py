from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts import apis

router = SimpleRouter()
router.register("members", apis.MemberViewSet, basename="member")
router.register("teams", apis.TeamViewSet, basename="team")
router.register("tokens", apis.ApiTokenViewSet, basename="token")

urlpatterns = [
    path("auth/session/", apis.SessionApi.as_view(), name="auth-session"),
    path("auth/login/", apis.LoginApi.as_view(), name="auth-login"),
    path("auth/logout/", apis.LogoutApi.as_view(), name="auth-logout"),
    path("auth/workspace/", apis.WorkspaceSwitchApi.as_view(), name="auth-workspace"),
    path("workspace/", apis.CurrentWorkspaceApi.as_view(), name="workspace"),
    *router.urls,
]
