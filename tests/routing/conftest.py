"""Shared fixtures: the routing model, from the cache the app's tests use (var/models),
so a session trains it at most once."""

from __future__ import annotations

from pathlib import Path

import pytest

from ticketing.routing import Classifier, load_or_train


@pytest.fixture(scope="session")
def model_cache(model_dir: str) -> Path:
    return Path(model_dir)


@pytest.fixture(scope="session")
def model(model_cache):
    return load_or_train(model_cache)


@pytest.fixture(scope="session")
def classifier(model) -> Classifier:
    return Classifier(model)
