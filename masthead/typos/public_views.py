from django.shortcuts import render

from masthead.articles.selectors import paginate
from masthead.typos.selectors import public_corrections


def corrections_log(request):
    """The public corrections log, newest first, as serious newsrooms keep one."""
    return render(request, "typos/corrections_log.html", {"page_obj": paginate(request, public_corrections())})
