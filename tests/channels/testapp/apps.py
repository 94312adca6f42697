from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.channels.testapp"
    label = "testapp"
