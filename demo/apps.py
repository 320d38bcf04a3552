from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo directory, guidance, pathways and a synthetic year of demand, loaded by `load_demo`.

    Installed only for its management command: it sits above every runtime app (it imports them to
    build pages; none of them imports it, tests/test_layers.py), and has no models.
    """

    name = "demo"
    verbose_name = "Demo content"
