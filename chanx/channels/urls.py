"""``path("asyncapi/", include("chanx.channels.urls"))``: ``schema/`` and ``docs/``."""

from django.urls import path

from chanx.channels.views import asyncapi_docs, asyncapi_schema

__all__ = ["urlpatterns"]

urlpatterns = [
    path("schema/", asyncapi_schema, name="asyncapi_schema"),
    path("docs/", asyncapi_docs, name="asyncapi_docs"),
]
