"""A reader page rendered once per revision, its per-request slot fills rendered for each request.

Why: two thirds of an uncached article page's time went into Django's
templates (issue 13), and nearly all of their output is the same for every
request until a new revision goes live or published content changes: the
headline, the body, the meta tags, the menu, the footer. Only the slots' fills
depend on the request or on things that change without a publish (the view
count, the comment thread and its form, the corrections). So the page template
is rendered once with those fills left out, and that shell is kept like any
fragment (`masthead.core.fragments`: per language and content version, its
surrogate keys said again on a hit). Each request then renders the fills alone,
with the same context an `{% include %}` at their place would have had (the
view's context and the context processors'), and puts them in.

A hole is marked by a comment holding a token made afresh for each render and
kept with the shell, so no text of an article can pass for one. A hole names
its fill, so a shell kept by a process whose apps fill the slots otherwise (a
deploy in progress, sharing Redis) is rendered anew rather than filled wrongly.
"""

import secrets
from dataclasses import dataclass

from django.template.context import make_context
from django.template.response import TemplateResponse

from masthead.core.fragments import cached_render
from masthead.core.slots import HOLES, fill_of, render_fill


class Holes:
    """The fills a shell's render leaves out, in page order, and the mark left in their place."""

    def __init__(self):
        self.mark = f"<!--slot-{secrets.token_hex(12)}-->"
        self.fills: list[tuple[str, int, str]] = []

    def leave(self, slot: str, index: int, fill_name: str) -> str:
        self.fills.append((slot, index, fill_name))
        return self.mark


@dataclass(frozen=True)
class Shell:
    """A page's HTML cut at its holes: `parts` has one more item than `fills`."""

    parts: tuple[str, ...]
    fills: tuple[tuple[str, int, str], ...]  # (slot, index of the hook, the hook's name)

    def fits_this_process(self) -> bool:
        return all(fill_of(*fill) is not None for fill in self.fills)


def render_shell(template, context: dict, request) -> Shell:
    holes = Holes()
    html = template.render({**context, HOLES: holes}, request)
    parts = tuple(html.split(holes.mark))
    if len(parts) != len(holes.fills) + 1:  # a fill's own output held the mark: cannot happen, never guess
        raise RuntimeError("a page shell's holes do not match its fills")
    return Shell(parts=parts, fills=tuple(holes.fills))


def fill_shell(shell: Shell, template, context: dict, request) -> str:
    """The page: the shell with each hole's fill rendered for this request."""
    if not shell.fills:
        return shell.parts[0]
    django_template = template.template  # the backend's wrapper holds Django's own Template
    render_context = make_context(context, request, autoescape=template.backend.engine.autoescape)
    html = [shell.parts[0]]
    with render_context.render_context.push_state(django_template), render_context.bind_template(django_template):
        for fill, after in zip(shell.fills, shell.parts[1:]):
            html.append(render_fill(render_context, fill_of(*fill)))
            html.append(after)
    return "".join(html)


class ShellTemplateResponse(TemplateResponse):
    """A TemplateResponse whose page is kept as a shell under `name` and `vary_on` (see the module)."""

    def __init__(self, request, template, context, *, name: str, vary_on, timeout: int = 3600, **kwargs):
        super().__init__(request, template, context, **kwargs)
        self.shell_name, self.shell_vary_on, self.shell_timeout = name, list(vary_on), timeout

    @property
    def rendered_content(self):
        template = self.resolve_template(self.template_name)
        context = self.resolve_context(self.context_data)
        shell = cached_render(
            self.shell_name,
            lambda: render_shell(template, context, self._request),
            vary_on=self.shell_vary_on,
            timeout=self.shell_timeout,
        )
        if not shell.fits_this_process():
            shell = render_shell(template, context, self._request)
        return fill_shell(shell, template, context, self._request)
