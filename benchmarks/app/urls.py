"""No HTTP views: the benchmark only serves websockets."""

urlpatterns: list[object] = []
