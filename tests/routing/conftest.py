"""Shared fixtures: the model is trained once per test session in a temp cache dir."""

from __future__ import annotations

import pytest

from ticketing.routing import Classifier, load_or_train


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory):
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def model(model_cache):
    return load_or_train(model_cache)


@pytest.fixture(scope="session")
def classifier(model) -> Classifier:
    return Classifier(model)
