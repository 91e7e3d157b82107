from django.shortcuts import render

from masthead.articles.selectors import paginate
from masthead.core import surrogate
from masthead.typos.selectors import public_corrections
from masthead.typos.services import CORRECTIONS_LOG


def corrections_log(request):
    """The public corrections log, newest first, as serious newsrooms keep one."""
    surrogate.page(CORRECTIONS_LOG)
    return render(request, "typos/corrections_log.html", {"page_obj": paginate(request, public_corrections())})
