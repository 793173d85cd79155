"""Wagtail pages of the public site, one module per page family.

Pages may show objects of the other apps (districts; applications through
``participatie.queries``); the other apps never import page models.
"""

from .barometer import BarometerPage, Indicator, IndicatorWaarde
from .basis import RICHTEXT_FEATURES, BasePage
from .berichten import AgendaIndexPage, AgendaPage, NieuwsIndexPage, NieuwsPage, Toegankelijkheid
from .content import NAVIGATIE_CACHE_KEY, ContentPage, SiteLinks
from .home import HomePage
from .partners import Partner, PartnerSoort
from .programma import ActiviteitStatus, AgendaThema, ProgrammaActiviteit, WijkprogrammaPage
from .regeling import RegelingPage, regelingen_met_pagina
from .verslag import VerslagResultaat, WijkverslagPage
from .wijk import WijkPage

__all__ = [
    "RICHTEXT_FEATURES",
    "NAVIGATIE_CACHE_KEY",
    "ActiviteitStatus",
    "AgendaIndexPage",
    "AgendaPage",
    "AgendaThema",
    "BarometerPage",
    "BasePage",
    "ContentPage",
    "HomePage",
    "Indicator",
    "IndicatorWaarde",
    "NieuwsIndexPage",
    "NieuwsPage",
    "Partner",
    "PartnerSoort",
    "ProgrammaActiviteit",
    "RegelingPage",
    "SiteLinks",
    "Toegankelijkheid",
    "VerslagResultaat",
    "WijkPage",
    "WijkprogrammaPage",
    "WijkverslagPage",
    "regelingen_met_pagina",
]
