"""``DjangoAuthenticator``: the real DRF authentication and permission machinery.

A DRF ``GenericAPIView`` is built once per authenticator class from its
``authentication_classes``, ``permission_classes``, ``queryset`` and lookup settings,
and run against a request made from the handshake scope: authentication, permission
and throttle checks (``initial``), then ``get_object`` when a queryset is set. A
refusal becomes the DRF response's status and body.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from channels.db import database_sync_to_async
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import (
    AuthenticationFailed,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
)
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.settings import api_settings

from chanx.channels.requests import request_from_scope
from chanx.core.authenticator import BaseAuthenticator
from chanx.core.logging import get_logger

__all__ = ["DjangoAuthenticator"]

logger = get_logger()


class DjangoAuthenticator(BaseAuthenticator):
    """Authenticate a handshake with DRF classes; optionally look up ``self.obj``.

    ``authentication_classes``/``permission_classes`` default to DRF's settings;
    with a ``queryset``, the object named by ``lookup_url_kwarg`` (default:
    ``lookup_field``) in the URL route must exist (else 404) and pass object
    permissions. After success ``self.user`` and ``self.obj`` are set.

    A token found by :attr:`credential_sources` in the ``chanx.bearer`` subprotocol, a
    cookie or (opt-in) the query string is presented to DRF as the request's
    ``Authorization: <scheme> <token>`` header; set ``scheme="Token"`` for DRF's
    ``TokenAuthentication``.
    """

    authentication_classes: ClassVar[Sequence[type[BaseAuthentication]] | None] = None
    permission_classes: ClassVar[Sequence[type[BasePermission]] | None] = None
    queryset: ClassVar[QuerySet[Any] | None] = None
    lookup_field: ClassVar[str] = "pk"
    lookup_url_kwarg: ClassVar[str | None] = None
    auth_method: ClassVar[str] = "get"

    obj: Any
    request: Request | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.obj = None
        self.request = None

    async def authenticate(self, scope: dict[str, Any]) -> bool:
        """Run DRF's checks in a thread (they may touch the database)."""
        allowed: bool = await database_sync_to_async(self._authenticate_sync)(scope)
        return allowed

    def _authenticate_sync(self, scope: dict[str, Any]) -> bool:
        kwargs = dict((scope.get("url_route") or {}).get("kwargs") or {})
        view = self._build_view_class()()
        django_request = request_from_scope(scope, self.auth_method)
        found = self.find_credential(scope)
        if found is not None and found.source != "header":
            # DRF reads the Authorization header: present a cookie/subprotocol/query token
            # there, so TokenAuthentication and JWT classes work unchanged.
            scheme = self.credential_sources.scheme
            django_request.META["HTTP_AUTHORIZATION"] = f"{scheme} {found.value}"
        view.args, view.kwargs = (), kwargs
        request = view.initialize_request(django_request, **kwargs)
        view.request, view.headers, view.format_kwarg = request, {}, None
        try:
            view.initial(request)
            if self.queryset is not None:
                self.obj = view.get_object()
            self.user = request.user
        except Exception as exc:
            return self._deny_from_exception(view, exc)
        self.request = request
        return True

    def _deny_from_exception(self, view: GenericAPIView[Any], exc: Exception) -> bool:
        try:
            response = view.handle_exception(exc)
        except Exception:
            logger.exception("chanx.auth.failed", reason="authenticator raised")
            return self.deny(500, "Internal server error")
        return self.deny(response.status_code, response.data, reason=self._reason_for(exc))

    def _reason_for(self, exc: Exception) -> str | None:
        if isinstance(exc, NotAuthenticated):
            return "invalid_credentials" if self.credential is not None else "missing_credentials"
        if isinstance(exc, AuthenticationFailed):
            return "invalid_credentials"
        if isinstance(exc, PermissionDenied | DjangoPermissionDenied):
            return "not_permitted"
        if isinstance(exc, NotFound | Http404):
            return "not_found"
        return None

    def _build_view_class(self) -> type[GenericAPIView[Any]]:
        cls = type(self)
        cached = vars(cls).get("_chanx_view_class")
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        attrs: dict[str, Any] = {
            "authentication_classes": list(
                cls.authentication_classes
                if cls.authentication_classes is not None
                else api_settings.DEFAULT_AUTHENTICATION_CLASSES
            ),
            "permission_classes": list(
                cls.permission_classes
                if cls.permission_classes is not None
                else api_settings.DEFAULT_PERMISSION_CLASSES
            ),
            "queryset": cls.queryset,
            "lookup_field": cls.lookup_field,
            "lookup_url_kwarg": cls.lookup_url_kwarg,
            "filter_backends": (),
        }
        view_class = type(f"{cls.__name__}View", (GenericAPIView,), attrs)
        cls._chanx_view_class = view_class  # type: ignore[attr-defined]
        return view_class
