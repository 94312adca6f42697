"""HTTP URLs of the browser test project: the AsyncAPI views and the docs assets."""

from __future__ import annotations

import os

from django.urls import include, path, re_path
from django.views.static import serve

urlpatterns = [
    path("asyncapi/", include("chanx.channels.urls")),
    re_path(
        r"^assets/(?P<path>.+)$",
        serve,
        {"document_root": os.environ.get("CHANX_REACT_COMPONENT_DIR", "/nonexistent")},
    ),
]
