"""Reader pages of the typo feature, inside the language prefix."""

from django.urls import path

from masthead.typos import public_views

app_name = "corrections"
urlpatterns = [
    path("corrections/", public_views.corrections_log, name="log"),
]
