"""Consumers of the discovery test app: two chanx consumers and a plain Channels one."""

from __future__ import annotations

from typing import Literal

from channels.generic.websocket import AsyncJsonWebsocketConsumer as PlainChannelsConsumer
from pydantic import BaseModel

from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import channel, ws_handler
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class ForecastRequestPayload(BaseModel):
    city: str


class ForecastRequest(BaseMessage):
    """Ask for the weather forecast of a city."""

    action: Literal["forecast_request"] = "forecast_request"
    payload: ForecastRequestPayload


class ForecastPayload(BaseModel):
    city: str
    celsius: float


class Forecast(BaseMessage):
    """The forecast of a city."""

    action: Literal["forecast"] = "forecast"
    payload: ForecastPayload


@channel(name="weather", description="Weather forecasts on demand.")
class WeatherConsumer(AsyncJsonWebsocketConsumer):
    @ws_handler(summary="Get a forecast")
    async def get_forecast(self, message: ForecastRequest) -> Forecast:
        return Forecast(payload=ForecastPayload(city=message.payload.city, celsius=21.5))


class HeartbeatConsumer(AsyncJsonWebsocketConsumer):
    """Answers pings."""

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


class PlainConsumer(PlainChannelsConsumer):  # type: ignore[misc]
    """A Channels consumer that is not a chanx one: never documented."""
