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


class TagIndex:
    """Every tag by its key, read once: `tag_for` for an import that names thousands of tags.

    `find_tag` reads every tag name for a spelling it has not seen exactly, which
    is fine for an editor and quadratic for an archive of new tags. An import holds
    one index for its run (it is the only one creating tags then) and adds what it
    creates, so each name costs a dictionary lookup.
    """

    def __init__(self):
        self._by_key: dict[str, Tag] = {}
        for tag in Tag.objects.order_by("pk"):
            self._by_key.setdefault(tag_name_key(tag.name), tag)

    def tag_for(self, name: str) -> Tag | None:
        tidy = " ".join(name.split())[:MAX_TAG_NAME]
        key = tag_name_key(tidy)
        if not key:
            return None
        tag = self._by_key.get(key)
        if tag is None:
            tag = Tag(name=tidy)
            tag.save()
            self._by_key[key] = tag
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
