from django.urls import path

from reports import apis

urlpatterns = [path("board/", apis.SupervisorBoardApi.as_view(), name="supervisor-board")]
