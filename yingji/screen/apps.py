from django.apps import AppConfig


class ScreenConfig(AppConfig):
    """The command screen (指挥大屏): one dark wall screen over every module's figures,
    live over the event stream, following a selected incident; its layout is the
    bureau's settings row."""

    name = "yingji.screen"
    label = "screen"
    verbose_name = "指挥大屏"

    def ready(self) -> None:
        from yingji.screen import setup

        setup.register_all()
