"""Issue 19, item 13 — a requirement this test documents; the packaging change that meets it lands separately.

Dependencies stay past known CVEs (aiohttp ≥ 3.12.14: request smuggling in the parser the webhooks run on;
cryptography ≥ 44.0.1: the OpenSSL it bundles), carry no unused extra (python-telegram-bot's ``webhooks`` extra
brings tornado, which nothing runs: the webhook is our own aiohttp server), and CI installs through a constraints
file, so a run cannot pick up a version nobody tested.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = [Requirement(r) for r in project["dependencies"]]
    return {r.name.lower(): r for r in found}


def test_floors_are_past_known_cves() -> None:
    deps = requirements()
    for name, first_fixed, last_vulnerable in (("aiohttp", "3.12.14", "3.12.13"),
                                               ("cryptography", "44.0.1", "44.0.0")):
        specifier = deps[name].specifier
        assert Version(last_vulnerable) not in specifier, f"{name} {specifier} still allows {last_vulnerable}"
        assert Version(first_fixed) in specifier or any(
            Version(s.version) > Version(first_fixed) for s in specifier if s.operator in (">=", ">")), name


def test_no_tornado_and_no_unused_extra() -> None:
    deps = requirements()
    assert "tornado" not in deps
    assert "webhooks" not in deps["python-telegram-bot"].extras, "PTB's webhook server (tornado) is not used"


def test_ci_installs_through_a_constraints_file() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    named = re.findall(r"(?:-c|--constraint|PIP_CONSTRAINT=)\s*[\"']?([\w./-]+)", script)
    assert named, ".ci/run installs without a constraints file"
    assert any((ROOT / path).is_file() for path in named), named
