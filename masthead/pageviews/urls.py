from django.urls import path

from masthead.pageviews import views

app_name = "pageviews"
urlpatterns = [
    path("pageviews/beacon/", views.beacon, name="beacon"),
    path("pageviews/pixel/<int:article_id>.gif", views.pixel, name="pixel"),
]
