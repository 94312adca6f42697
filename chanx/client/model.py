"""Base class of the pydantic models in generated clients."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer

__all__ = ["ClientModel"]


class ClientModel(BaseModel):
    """A generated message or schema model.

    Optional fields without a schema default are typed ``X | None = None``; their JSON
    keys are listed in :attr:`chanx_omit_if_none` and left out of the serialized frame
    while they are ``None``, so the server applies its own default.
    """

    model_config = ConfigDict(populate_by_name=True)

    #: JSON keys dropped from :meth:`model_dump` output while their value is ``None``.
    chanx_omit_if_none: ClassVar[frozenset[str]] = frozenset()

    @model_serializer(mode="wrap")
    def _drop_unset_optionals(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict) and self.chanx_omit_if_none:
            for key in self.chanx_omit_if_none:
                if key in data and data[key] is None:
                    del data[key]
        return data
