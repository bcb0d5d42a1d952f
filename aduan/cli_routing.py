"""`aduan classify` and `aduan routing train|retrain|eval`."""

from __future__ import annotations

import json
import sys
import time

import click


def register(main: click.Group) -> None:
    main.add_command(classify)
    main.add_command(routing)


def _app():  # type: ignore[no-untyped-def]
    from aduan import create_app

    return create_app()


@click.command()
def classify() -> None:
    """Read JSON lines {"text", "channel"} on stdin; write one decision per line:
    {"kind", "opd", "confidence", "reason"}."""
    from ticketing import classifier

    app = _app()
    with app.app_context():
        model = classifier.classifier()
        for number, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text, channel = str(item.get("text") or ""), item.get("channel")
            except (ValueError, AttributeError) as exc:
                raise click.ClickException(f"line {number} is not a JSON object: {exc}") from exc
            decision = model.classify(text, channel)
            out = {
                "kind": decision.kind,
                "opd": decision.opd,
                "confidence": round(float(decision.confidence), 4),
                "reason": decision.reason,
            }
            click.echo(json.dumps(out, ensure_ascii=False))


@click.group()
def routing() -> None:
    """Train, retrain and evaluate the routing model."""


@routing.command()
@click.option("--force", is_flag=True, help="Train even if a cached model exists.")
def train(force: bool) -> None:
    """Train the model on the seed corpus (cached under MODEL_DIR)."""
    from ticketing.routing import load_corpus, load_or_train
    from ticketing.routing.corpus import corpus_hash
    from ticketing.routing.model import cache_path

    app = _app()
    model_dir = app.config["MODEL_DIR"]
    path = cache_path(model_dir, corpus_hash())
    if force:
        path.unlink(missing_ok=True)
    started = time.perf_counter()
    load_or_train(model_dir)
    click.echo(
        f"{len(load_corpus())} corpus examples; model at {path} "
        f"({time.perf_counter() - started:.1f} s)"
    )


@routing.command()
@click.option(
    "--corpus",
    type=click.Path(file_okay=False, exists=True),
    help="A directory of *.jsonl examples to train on instead of the built-in corpus.",
)
def retrain(corpus: str | None) -> None:
    """Retrain with the agents' corrections; report before/after on a held-out split."""
    from ticketing.corrections import retrain as do_retrain

    app = _app()
    with app.app_context():
        outcome = do_retrain(app.config["MODEL_DIR"], corpus_dir=corpus)
    click.echo(f"corrections used: {outcome.corrections}")
    click.echo("== before (corpus only), held-out split ==")
    click.echo(outcome.before.format())
    click.echo("== after (corpus + corrections), same split ==")
    click.echo(outcome.after.format())
    click.echo(f"active model: {outcome.path}")


@routing.command("eval")
@click.argument("path", type=click.Path(dir_okay=False), required=False)
@click.option("--errors", default=0, show_default=True, help="Print up to N wrong decisions.")
def evaluate_command(path: str | None, errors: int) -> None:
    """Score the active model on PATH (JSON lines with text, kind, opd; default: the
    development set bench/data/routing_dev.jsonl): kind and OPD accuracy, emergency
    recall, false emergencies, triage rate, accuracy when automatic and calibration."""
    from aduan.config import ROOT
    from ticketing import classifier
    from ticketing.routing import evaluate, read_jsonl

    path = path or str(ROOT / "bench" / "data" / "routing_dev.jsonl")
    try:
        examples = read_jsonl(path)
    except FileNotFoundError as exc:
        raise click.ClickException(f"no such file: {path}") from exc
    except (ValueError, KeyError) as exc:
        raise click.ClickException(f"{path} is not a labelled JSON-lines file: {exc}") from exc
    if not examples:
        raise click.ClickException(f"no examples in {path}")
    app = _app()
    with app.app_context():
        model = classifier.classifier()
        report = evaluate(model, examples)
    click.echo(f"threshold           {model.threshold}")
    click.echo(report.format())
    for ex, decision in report.errors[:errors]:
        click.echo(
            f"{ex.kind}/{ex.opd} -> {decision.kind}/{decision.opd} "
            f"({decision.confidence:.2f}): {ex.text[:100]}  [{decision.reason[:80]}]"
        )
