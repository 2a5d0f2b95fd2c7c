app_name = "reporting"
urlpatterns: list = []  # staff pages: see issue 4
