"""Sitemaps and robots.txt: one set for the whole site, outside the language prefix."""

from django.urls import path

from masthead.distribution import views

app_name = "distribution"
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-news.xml", views.sitemap_news, name="sitemap_news"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
]
