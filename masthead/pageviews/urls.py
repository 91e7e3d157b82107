app_name = "pageviews"
urlpatterns = []
