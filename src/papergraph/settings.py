"""Every setting papergraph has, declared once as data.

The same table drives the CLI options (name, default, help, `PAPERGRAPH_*` variable), the web
app's config keys and the documentation test that checks each setting is documented.
"""

from __future__ import annotations

from dataclasses import dataclass

from papergraph.rdf.namespaces import DEFAULT_BASE
from papergraph.store import DEFAULT_STORE

__all__ = ["SETTINGS", "Setting", "get_setting"]


@dataclass(frozen=True)
class Setting:
    name: str  # the CLI option is --name (dashes), the env variable PAPERGRAPH_NAME
    default: object
    help: str

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def envvar(self) -> str:
        return "PAPERGRAPH_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("store", str(DEFAULT_STORE), "Store directory (an embedded Oxigraph store)."),
    Setting("base", DEFAULT_BASE, "Base IRI of every resource the build mints."),
)


def get_setting(name: str) -> Setting:
    for setting in SETTINGS:
        if setting.name == name:
            return setting
    raise KeyError(name)
