from django.urls import path
from django.views.generic import RedirectView

from masthead.comments import views

app_name = "comments"
urlpatterns = [
    path("comments/article/<int:article_id>/", views.submit, name="submit"),
    path("comments/<int:pk>/edit/", views.edit, name="edit"),
    path("comments/<int:pk>/delete/", views.delete, name="delete"),
    path("comments/<int:pk>/report/", views.report, name="report"),
    # The account page moved to the readers app; old links and bookmarks follow it.
    path("comments/account/", RedirectView.as_view(pattern_name="readers:account", permanent=True), name="account"),
    path("comments/appeal/", views.appeal, name="appeal"),
]
