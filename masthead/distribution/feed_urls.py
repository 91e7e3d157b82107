"""Feeds per edition (/feed/, /en/feed/), and per rubric, author and tag beside their pages."""

from django.urls import path

from masthead.distribution import feeds, views

app_name = "feeds"
urlpatterns = [
    path("feed/", views.feed, {"feed_class": feeds.ArticleFeed}, name="site"),
    path("feed/atom/", views.feed, {"feed_class": feeds.AtomArticleFeed}, name="site_atom"),
    path("feed/dzen/", views.feed, {"feed_class": feeds.DzenFeed}, name="dzen"),
    path("rss/", views.rss_redirect, name="rss"),
    path("rubric/<slug:slug>/feed/", views.feed, {"feed_class": feeds.RubricFeed}, name="rubric"),
    path("rubric/<slug:slug>/feed/atom/", views.feed, {"feed_class": feeds.AtomRubricFeed}, name="rubric_atom"),
    path("author/<slug:slug>/feed/", views.feed, {"feed_class": feeds.AuthorFeed}, name="author"),
    path("author/<slug:slug>/feed/atom/", views.feed, {"feed_class": feeds.AtomAuthorFeed}, name="author_atom"),
    path("tag/<str:slug>/feed/", views.feed, {"feed_class": feeds.TagFeed}, name="tag"),
    path("tag/<str:slug>/feed/atom/", views.feed, {"feed_class": feeds.AtomTagFeed}, name="tag_atom"),
]
