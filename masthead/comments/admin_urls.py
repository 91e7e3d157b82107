from django.urls import path

from masthead.comments import admin_views

app_name = "comments_admin"
urlpatterns = [
    path("", admin_views.queue, name="queue"),
    path("appeals/", admin_views.appeals, name="appeals"),
    path("blocks/", admin_views.blocks, name="blocks"),
    path("blocks/new/<int:user_id>/", admin_views.block_create, name="block_create"),
    path("blocks/<int:pk>/lift/", admin_views.block_lift, name="block_lift"),
    path("audit/", admin_views.audit, name="audit"),
]
