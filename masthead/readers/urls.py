from django.urls import path

from masthead.readers import views

app_name = "readers"
urlpatterns = [
    path("account/", views.account, name="account"),
]
