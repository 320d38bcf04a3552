from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.datafiles import DataFileError
from directory.models import OrganisationPage, ServicePage
from guidance.models import GuidancePage, PathwayPage


class Command(BaseCommand):
    help = (
        "Load the demo directory, guidance, pathways, a synthetic year of demand and demo logins "
        "(idempotent). Demo and dev settings only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")
        parser.add_argument(
            "--site-url",
            default=settings.WAGTAILADMIN_BASE_URL,
            help="Where the site will be served, for the sign-in address printed with the logins.",
        )

    def handle(self, *args, quiet_logins=False, site_url="", **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "load_demo creates logins with a shared password: it runs only with DEMO_MODE on."
            )
        try:
            # Importing the loaders reads and checks every demo data file, so a mistake in one
            # stops the command here, before anything is written.
            from demo.demand import load_demo_demand, synthetic_searches
            from demo.directory.loader import load_demo_directory
            from demo.guidance.loader import load_demo_guidance
        except DataFileError as error:
            raise CommandError(f"The demo data has a mistake, so nothing was loaded. {error}") from error
        report = load_demo_directory(password=settings.DEMO_PASSWORD)
        self.stdout.write(
            f"Demo directory: {ServicePage.objects.live().count()} live services from "
            f"{OrganisationPage.objects.live().count()} organisations "
            f"({report.services_created} services, {report.organisations_created} organisations and "
            f"{report.themes_created} themes added this time)."
        )
        guidance_report = load_demo_guidance()
        self.stdout.write(
            f"Demo guidance: {GuidancePage.objects.live().count()} guidance pages and "
            f"{PathwayPage.objects.live().count()} pathways ({guidance_report.guidance_created} guidance pages, "
            f"{guidance_report.pathways_created} pathways and {guidance_report.contacts_created} safeguarding "
            "contacts added this time)."
        )
        demand_added = load_demo_demand()
        self.stdout.write(
            f"Demo demand: {synthetic_searches()} synthetic searches over a year ({demand_added} added this time)."
        )
        if quiet_logins:
            return
        self.stdout.write(
            f"\nDemo logins for {site_url.rstrip('/')}/admin/ (password for all: {settings.DEMO_PASSWORD})"
        )
        partners = [login for login in report.logins if login.role == "partner editor"]
        for login in report.logins:
            if login.role != "partner editor":
                self.stdout.write(f"  {login.username:<12} {login.role}")
        if partners:
            self.stdout.write(
                f"  partner-<organisation slug>  partner editor, one per organisation ({len(partners)}), e.g.:"
            )
            for login in partners[:3]:
                self.stdout.write(f"    {login.username}")
