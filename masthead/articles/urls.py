from django.urls import path

from masthead.articles import views

app_name = "articles"
urlpatterns = [
    path("rubric/<slug:slug>/", views.rubric, name="rubric"),
    path("author/<slug:slug>/", views.author, name="author"),
    path("tag/<slug:slug>/", views.tag, name="tag"),
]
