"""HTTP URLs of the view tests: the AsyncAPI views under ``/asyncapi/``."""

from django.urls import include, path

urlpatterns = [path("asyncapi/", include("chanx.channels.urls"))]
