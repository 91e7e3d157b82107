from django.urls import path

from masthead.typos import views

app_name = "typos"
urlpatterns = [
    path("typos/token/", views.csrf_token, name="token"),
    path("typos/report/", views.report, name="report"),
]
