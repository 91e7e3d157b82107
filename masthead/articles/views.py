"""Listings of articles by rubric, author and tag: thin views over the keyset listings."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from taggit.models import Tag

from masthead.articles import listings
from masthead.articles.models import Author, Rubric
from masthead.articles.surrogates import listing_of, tag_key
from masthead.articles.tags import find_tag
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
    if len(slug) > 400 or not slug.isprintable():
        raise Http404("No such tag")
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        # Any spelling of a tag's name ("/tag/Ёлка/", "/tag/елка/") leads to its page.
        spelled = find_tag(slug)
        if spelled is None:
            raise Http404("No such tag")
        return redirect("articles:tag", slug=spelled.slug, permanent=True)
    surrogate.page(tag_key(tag), listing_of(tag_key(tag)))
    page_obj = listings.read_page(request, listings.tagged(tag))
    if page_obj.moved_to:
        return redirect(page_obj.moved_to, permanent=True)
    return render(request, "articles/tag.html", {"tag": tag, "page_obj": page_obj})
