"""Reader pages of the newsletter, in both editions (inside the language prefix)."""

from django.urls import path

from masthead.newsletter import views

app_name = "newsletter"
urlpatterns = [
    path("newsletter/subscribe/", views.subscribe, name="subscribe"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/account/", views.account_manage, name="account_manage"),
]
