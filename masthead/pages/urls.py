from django.urls import path, register_converter

from masthead.pages import views


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigits:
    regex = "[0-9]{1,2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigits, "dd")

app_name = "pages"
urlpatterns = [
    path("archive/", views.archive_index, name="archive"),
    path("archive/<yyyy:year>/", views.archive_year, name="archive_year"),
    path("archive/<yyyy:year>/<dd:month>/", views.archive_month, name="archive_month"),
    path("archive/<yyyy:year>/<dd:month>/<dd:day>/", views.archive_day, name="archive_day"),
    path("story-of-the-day/", views.stories_of_the_day, name="stories"),
]
