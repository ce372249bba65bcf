"""PI011's formats hold to detect-secrets' (Yelp) vendor detectors where that library has one, and go past
it only where it has none: the claim in `ftlint.privacy.secrets`, checked against the library itself.

Every value PI011's makers write for a kind detect-secrets knows is found by that kind's detect-secrets
plugin (its `denylist` expressions, the plugins' own knowledge of the vendor's format); for the kinds
ftlint takes from gitleaks' rules, no detect-secrets plugin finds the value, which is why they were added.
"""

from __future__ import annotations

import random

import pytest

from tests.test_privacy_secrets import CONTEXT_MAKERS, CONTEXTS, MAKERS

plugins = pytest.importorskip("detect_secrets.plugins", reason="the test extra installs detect-secrets")

from detect_secrets.plugins import (  # noqa: E402  (after the skip: the library is a test extra)
    artifactory,
    aws,
    azure_storage_key,
    github_token,
    gitlab_token,
    mailchimp,
    pypi_token,
    sendgrid,
    slack,
    square_oauth,
    stripe,
)

SAME_AS = {
    "an AWS access key": aws.AWSKeyDetector,
    "an AWS secret access key": aws.AWSKeyDetector,
    "a GitHub token": github_token.GitHubTokenDetector,
    "a GitLab token": gitlab_token.GitLabTokenDetector,
    "a Slack token": slack.SlackDetector,
    "a Stripe live secret key": stripe.StripeDetector,
    "a SendGrid API key": sendgrid.SendGridDetector,
    "a PyPI API token": pypi_token.PypiTokenDetector,
    "a Square token": square_oauth.SquareOAuthDetector,
    "an Artifactory API key": artifactory.ArtifactoryDetector,
    "a Mailchimp API key": mailchimp.MailchimpDetector,
    "an Azure storage account key": azure_storage_key.AzureStorageKeyDetector,
}
# gitleaks' rules, for formats detect-secrets 1.5.0 lacks (or, for OpenAI, knows only in its old length).
BEYOND = ("an OpenAI API key", "an Anthropic API key", "a Google API key", "an npm access token",
          "a Hugging Face token")


def _sample(label: str, rng: random.Random) -> str:
    if label in CONTEXTS:
        before, after = CONTEXTS[label]
        return before + CONTEXT_MAKERS[label](rng) + after
    return MAKERS[label](rng)


def _vendor_plugins() -> list[type]:
    import importlib
    import pkgutil

    from detect_secrets.plugins.base import RegexBasedDetector

    found = []
    for module in pkgutil.iter_modules(plugins.__path__):
        loaded = importlib.import_module(f"detect_secrets.plugins.{module.name}")
        found += [value for value in vars(loaded).values() if isinstance(value, type)
                  and issubclass(value, RegexBasedDetector) and value is not RegexBasedDetector
                  and value.__module__ == loaded.__name__]
    return found


@pytest.mark.parametrize("label", sorted(SAME_AS))
def test_a_kind_detect_secrets_knows_is_found_by_its_plugin(label: str) -> None:
    rng = random.Random(label)
    for _ in range(50):
        value = _sample(label, rng)
        assert any(pattern.search(value) for pattern in SAME_AS[label].denylist), value


@pytest.mark.parametrize("label", BEYOND)
def test_a_kind_taken_from_gitleaks_is_one_detect_secrets_misses(label: str) -> None:
    value = _sample(label, random.Random(label))
    vendors = [plugin for plugin in _vendor_plugins() if plugin.__name__ not in {"IPPublicDetector"}]
    assert vendors, "no vendor plugin found in detect-secrets"
    assert not [p.__name__ for p in vendors if any(pattern.search(value) for pattern in p.denylist)], value


def test_every_kind_is_accounted_for() -> None:
    assert set(SAME_AS) | set(BEYOND) == set(MAKERS) | set(CONTEXTS) - {"a password in a connection string"}
