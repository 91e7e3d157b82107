from django.urls import path

from masthead.articles import views

app_name = "articles"
urlpatterns = [
    path("rubric/<slug:slug>/", views.rubric, name="rubric"),
    path("author/<slug:slug>/", views.author, name="author"),
    path("tag/<str:slug>/", views.tag, name="tag"),  # str: a spelling of the name redirects to the slug
]
