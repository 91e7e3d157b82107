from django.urls import path

from masthead.comments import views

app_name = "comments"
urlpatterns = [
    path("comments/article/<int:article_id>/", views.submit, name="submit"),
    path("comments/<int:pk>/edit/", views.edit, name="edit"),
    path("comments/<int:pk>/delete/", views.delete, name="delete"),
    path("comments/<int:pk>/report/", views.report, name="report"),
    path("comments/account/", views.account, name="account"),
    path("comments/appeal/", views.appeal, name="appeal"),
]
