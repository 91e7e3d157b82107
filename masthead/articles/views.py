"""Listings of articles by rubric, author and tag: thin views over the keyset listings."""

from django.shortcuts import get_object_or_404, redirect, render
from taggit.models import Tag

from masthead.articles import listings
from masthead.articles.models import Author, Rubric
from masthead.articles.surrogates import listing_of, tag_key
from masthead.core import surrogate


def rubric(request, slug):
    rubric = get_object_or_404(Rubric, slug=slug)
    surrogate.page(rubric, listing_of(rubric))
    page_obj = listings.read_page(request, listings.in_rubric(rubric))
    if page_obj.moved_to:
        return redirect(page_obj.moved_to, permanent=True)
    return render(request, "articles/rubric.html", {"rubric": rubric, "page_obj": page_obj})


def author(request, slug):
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    surrogate.page(author, listing_of(author))
    page_obj = listings.read_page(request, listings.by_author(author))
    if page_obj.moved_to:
        return redirect(page_obj.moved_to, permanent=True)
    return render(request, "articles/author.html", {"author": author, "page_obj": page_obj})


def tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    surrogate.page(tag_key(tag), listing_of(tag_key(tag)))
    page_obj = listings.read_page(request, listings.tagged(tag))
    if page_obj.moved_to:
        return redirect(page_obj.moved_to, permanent=True)
    return render(request, "articles/tag.html", {"tag": tag, "page_obj": page_obj})
