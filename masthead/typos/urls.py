app_name = "typos"
urlpatterns = []
