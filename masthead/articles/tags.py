"""Tags compared the way readers mean them: "Ёлка", "елка" and " ЕЛКА " are one tag.

Every way a tag is named by a person or a feed goes through `tag_for`: the
article form in the admin and the importers' per-article path reach it through
the article's tag manager (`NormalisedTagManager`), which resolves every name
it is given here; the tag page resolves a spelling in its address here too.
Names compare by `tag_name_key`: the morphology layer's `normalize` (NFKC,
case, ё -> е, invisible characters) with spaces collapsed.

An existing tag keeps its name and slug (addresses in the wild stay valid); a
new spelling of it finds it instead of making a twin. The lookup by key reads
the tag names once (a site has thousands of tags, not millions; it runs when a
tag is named, not when a page is read).
"""

from __future__ import annotations

from modelcluster.contrib.taggit import ClusterTaggableManager, _ClusterTaggableManager
from taggit.models import Tag

from masthead.lib import morphology

MAX_TAG_NAME = 100  # taggit's Tag.name max_length


def tag_name_key(name: str) -> str:
    """What two spellings of one tag have in common."""
    return " ".join(morphology.normalize(name).split())


def find_tag(name: str) -> Tag | None:
    """The existing tag this name spells, if any (the oldest, if twins exist from before)."""
    key = tag_name_key(name)
    if not key or len(name) > MAX_TAG_NAME * 4:
        return None
    exact = Tag.objects.filter(name=" ".join(name.split())).order_by("pk").first()
    if exact is not None:
        return exact
    for pk, other in Tag.objects.order_by("pk").values_list("pk", "name").iterator():
        if tag_name_key(other) == key:
            return Tag.objects.get(pk=pk)
    return None


def tag_for(name: str) -> Tag | None:
    """The tag this name spells, created (spaces tidied, as typed otherwise) when there is none."""
    tidy = " ".join(name.split())[:MAX_TAG_NAME]
    if not tag_name_key(tidy):
        return None
    tag = find_tag(tidy)
    if tag is None:
        tag = Tag(name=tidy)
        tag.save()  # taggit gives it a unique slug
    return tag


class _NormalisedTagManager(_ClusterTaggableManager):
    def _to_tag_model_instances(self, tags, tag_kwargs=None):
        resolved, seen = [], set()
        for tag in tags:
            if isinstance(tag, str):
                tag = tag_for(tag)
            if tag is not None and tag.pk not in seen:
                seen.add(tag.pk)
                resolved.append(tag)
        return resolved


class NormalisedTagManager(ClusterTaggableManager):
    """modelcluster's tag manager, with names resolved through `tag_for`."""

    def __get__(self, instance, model):
        return _NormalisedTagManager(through=self.through, model=model, instance=instance, prefetch_cache_name=self.name)
