"""Listings of articles by rubric, author and tag: thin views over ArticleQuerySet."""

from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from masthead.articles.models import ArticlePage, Author, Rubric
from masthead.articles.selectors import paginate
from masthead.articles.surrogates import listing_of, tag_key
from masthead.core import surrogate


def rubric(request, slug):
    rubric = get_object_or_404(Rubric, slug=slug)
    articles = ArticlePage.objects.published().in_rubric(rubric).for_listing()
    surrogate.page(rubric, listing_of(rubric))
    return render(
        request,
        "articles/rubric.html",
        {"rubric": rubric, "page_obj": paginate(request, articles)},
    )


def author(request, slug):
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    articles = ArticlePage.objects.published().by_author(author).for_listing()
    surrogate.page(author, listing_of(author))
    return render(
        request,
        "articles/author.html",
        {"author": author, "page_obj": paginate(request, articles)},
    )


def tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = ArticlePage.objects.published().tagged(tag).for_listing()
    surrogate.page(tag_key(tag), listing_of(tag_key(tag)))
    return render(request, "articles/tag.html", {"tag": tag, "page_obj": paginate(request, articles)})
