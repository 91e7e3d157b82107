app_name = "importers"
urlpatterns = []
