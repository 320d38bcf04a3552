from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and site-wide pieces"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import Site

        from .models import SafeguardingSettings

        # The cached safeguarding settings (SafeguardingSettings.for_request) follow every change.
        for model in (SafeguardingSettings, Site):
            for signal in (post_save, post_delete):
                signal.connect(
                    SafeguardingSettings.forget_cached,
                    sender=model,
                    dispatch_uid=f"home-safeguarding-cache-{signal is post_save}-{model.__name__}",
                )
