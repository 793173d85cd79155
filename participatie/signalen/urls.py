"""STUB — replaced by the signal intake's URLs."""

app_name = "signalen"
urlpatterns = []
