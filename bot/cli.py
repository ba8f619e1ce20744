"""The ``blendbot`` command line: one small function per subcommand.

Implementations are imported inside each command so that ``blendbot classify`` does not pay
for the Bot Framework SDK, and ``blendbot serve`` does not pay for plotting.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from pydantic import ValidationError

    from bot.settings import Settings


def fail(message: str, code: int = 1) -> NoReturn:
    """Exit with a one-line reason on standard error (never a traceback)."""
    click.echo(f"blendbot: {message}", err=True)
    sys.exit(code)


def settings_error(exc: ValidationError) -> str:
    """One line for a settings object that pydantic refused: which variable, and why."""
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error.get("loc", ()))
    return f"invalid settings: {where + ': ' if where else ''}{error['msg']}"


def require_credentials(settings: Settings) -> None:
    """Refuse to start with Bot Framework credentials that cannot work (one line, exit 1)."""
    problem = settings.credential_problem()
    if problem:
        fail(f"cannot start: {problem}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Blendbot ("is dit blended?"): a chat assistant for Dutch mbo and hbo teachers."""


@main.command("teams-package")
@click.option("--out", "out", type=click.Path(dir_okay=False), default="blendbot.zip",
              show_default=True, help="Where to write the zip file.")
@click.option("--app-version", default=None,
              help="App version in manifest.json (semver, e.g. 1.2.0).")
def teams_package(out: str, app_version: str | None) -> None:
    """Build and validate the Teams app package (manifest.json, color.png, outline.png)."""
    from pathlib import Path

    from pydantic import ValidationError

    from bot.settings import load_settings
    from bot.teams_package import PackageError, build_package

    try:
        settings = load_settings()
    except ValidationError as exc:
        fail(settings_error(exc))
    try:
        package = build_package(settings, Path(out), app_version)
    except PackageError as exc:
        for line in exc.problems:
            click.echo(line, err=True)
        count = len(exc.problems)
        fail(f"no package written ({count} problem{'s' if count != 1 else ''}).")
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    click.echo(f"Teams app package written: {package.path} (app id {package.manifest['id']}).")


@main.group("knowledge")
def knowledge() -> None:
    """The knowledge base: cards, tips and advice."""


@knowledge.command("check")
@click.option("--root", type=click.Path(exists=True, file_okay=False), default=None,
              help="Folder with cards/ and tips/ (default: the built-in knowledge base).")
def knowledge_check(root: str | None) -> None:
    """Validate every card; one line per problem: file:line: message."""
    from pathlib import Path

    from knowledge.loader import KnowledgeError, load_knowledge
    from knowledge.models import CardKind

    try:
        kb = load_knowledge(Path(root) if root else None)
    except KnowledgeError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    count = {kind: len(kb.of_kind(kind)) for kind in CardKind}
    click.echo(
        f"ok: {len(kb.cards)} cards ({count[CardKind.DEFINITION]} definitions, "
        f"{count[CardKind.MISCONCEPTION]} misconceptions, {count[CardKind.TIP]} tips, "
        f"{count[CardKind.ADVICE]} advice)"
    )


@main.command("chat")
@click.option("--database-url", default=None,
              help="Database (default: BLENDBOT_DATABASE_URL or sqlite:///blendbot.sqlite3).")
def chat(database_url: str | None) -> None:
    """Talk to Blendbot in the terminal ('stop' or Ctrl-D to end)."""
    import asyncio
    import os

    from pydantic import ValidationError

    from bot.logging_setup import configure_logging
    from bot.render.wording import GOODBYE
    from bot.services import StartupError
    from bot.settings import load_settings
    from bot.terminal import run_chat

    try:
        settings = load_settings(**({"database_url": database_url} if database_url else {}))
    except ValidationError as exc:
        fail(settings_error(exc))
    # Log lines would clutter the conversation: warnings only, unless asked for.
    level = settings.log_level if "BLENDBOT_LOG_LEVEL" in os.environ else "WARNING"
    configure_logging(settings.model_copy(update={"log_level": level}))
    try:
        asyncio.run(run_chat(settings))
    except StartupError as exc:
        fail(str(exc))
    except KeyboardInterrupt:  # Ctrl-C while the bot was busy
        click.echo(GOODBYE)


@main.command("serve")
@click.option("--host", default=None, help="Address to listen on (default: BLENDBOT_HOST).")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Port (default: BLENDBOT_PORT or PORT, else 3978).")
def serve(host: str | None, port: int | None) -> None:
    """Run the Bot Framework endpoint (POST /api/messages, GET /healthz)."""
    from pydantic import ValidationError

    from bot.services import StartupError
    from bot.settings import load_settings

    overrides: dict[str, object] = {}
    if host:
        overrides["host"] = host
    if port:
        overrides["port"] = port
    try:
        settings = load_settings(**overrides)
    except ValidationError as exc:
        fail(settings_error(exc))
    require_credentials(settings)
    from bot.service_urls import is_loopback

    if not (settings.authentication_enabled or settings.allow_anonymous
            or is_loopback(settings.host)):
        fail(f"without MicrosoftAppId anyone who can reach {settings.host} can talk to the bot; "
             "listen on 127.0.0.1, set MicrosoftAppId/MicrosoftAppPassword, or set "
             "BLENDBOT_ALLOW_ANONYMOUS=true if that is really intended")
    from bot.app import run_app

    try:
        run_app(settings)
    except StartupError as exc:
        lines = str(exc).splitlines() or [type(exc).__name__]
        click.echo(f"blendbot: cannot start: {lines[0]}", err=True)
        for line in lines[1:]:  # e.g. one knowledge problem per line: file:line: message
            click.echo(line, err=True)
        sys.exit(1)
    except OSError as exc:
        fail(f"cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}")



@main.group("tips")
def tips() -> None:
    """The weekly tips."""


@tips.command("send")
@click.option("--dry-run", is_flag=True,
              help="Show who would get which tip; send nothing.")
def tips_send(dry_run: bool) -> None:
    """Send this week's tip now (only to subscriptions that have not had it)."""
    import asyncio

    from pydantic import ValidationError

    from bot.services import StartupError
    from bot.settings import load_settings
    from bot.tips.cli_send import send_tips, summary_lines

    try:
        settings = load_settings()
    except ValidationError as exc:
        fail(settings_error(exc))
    require_credentials(settings)
    try:
        summary = asyncio.run(send_tips(settings, dry_run=dry_run, echo=click.echo))
    except StartupError as exc:
        fail(f"cannot send the tips: {str(exc).splitlines()[0]}")
    except Exception as exc:  # the SDK raises bare Exceptions for bad credentials
        fail(f"cannot send the tips: {type(exc).__name__}: {exc}")
    for line in summary_lines(summary):
        click.echo(line)
    if summary.failed_total or summary.locked_by:  # a live sender: nothing done, say so
        raise SystemExit(1)


def _write_json_line(obj: object) -> None:
    """One JSON object per line on stdout, always UTF-8, flushed (for streaming callers)."""
    import json

    line = json.dumps(obj, ensure_ascii=False) + "\n"
    sys.stdout.buffer.write(line.encode("utf-8"))
    sys.stdout.buffer.flush()


def _settings_and_knowledge(root: str | None):  # noqa: ANN202 - types imported lazily
    """Settings and knowledge base, or exit with a one-line reason (never a traceback)."""
    from pathlib import Path

    from pydantic import ValidationError

    from bot.settings import load_settings
    from knowledge.loader import KnowledgeError, load_knowledge

    try:
        settings = load_settings()
    except ValidationError as exc:
        fail(settings_error(exc))
    try:
        kb = load_knowledge(Path(root) if root else None)
    except KnowledgeError as exc:
        problems = str(exc).splitlines()
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        fail(f"the knowledge base is broken: {problems[0] if problems else exc}{more}")
    return settings, kb


def _load_classifier(root: str | None):  # noqa: ANN202 - the type is imported lazily
    """Knowledge base + classifier (from the model artifact), or exit with a one-line reason."""
    from classifier import load_classifier
    from classifier.dataset import DatasetError

    settings, kb = _settings_and_knowledge(root)
    try:
        return load_classifier(kb, settings.cache_dir, settings.train_path)
    except DatasetError as exc:
        fail(f"the training data is broken: {exc}")
    except Exception as exc:  # noqa: BLE001 - a broken model is one line, never a traceback
        fail(f"the model cannot be loaded: {type(exc).__name__}: {exc}".splitlines()[0])


@main.command("train")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Folder for the model (default: BLENDBOT_CACHE_DIR or .blendbot-cache).")
@click.option("--data", type=click.Path(dir_okay=False), default=None,
              help="Labelled lines (JSONL; default: BLENDBOT_TRAIN_PATH or the built-in set).")
@click.option("--root", type=click.Path(file_okay=False), default=None,
              help="Folder with cards/ and tips/ (default: the built-in knowledge base).")
@click.option("--force", is_flag=True, help="Train even when the model already matches the data.")
def train(out: str | None, data: str | None, root: str | None, force: bool) -> None:
    """Fit the model and write it as a file; serve, chat and classify load it."""
    from pathlib import Path

    from classifier.dataset import DatasetError
    from classifier.training import build_examples
    from classifier.training import train as fit_and_write

    settings, kb = _settings_and_knowledge(root)
    target = Path(out) if out else settings.cache_dir
    try:
        examples = build_examples(kb, Path(data) if data else settings.train_path)
    except DatasetError as exc:
        fail(f"the training data is broken: {exc}")
    try:
        result = fit_and_write(examples, kb.fingerprint, target, force=force)
    except OSError as exc:
        fail(f"cannot write the model to {target}: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - data the model cannot learn from: one line
        fail(f"the model cannot be trained: {type(exc).__name__}: {exc}".splitlines()[0])
    if result.fitted:
        click.echo(f"model trained in {result.seconds:.1f} s: {result.path}")
    else:
        click.echo(f"model is up to date ({result.seconds:.1f} s): {result.path}")


@main.command("classify")
@click.argument("text", required=False)
@click.option("--root", type=click.Path(file_okay=False), default=None,
              help="Folder with cards/ and tips/ (default: the built-in knowledge base).")
def classify(text: str | None, root: str | None) -> None:
    """Classify TEXT, or every line of stdin; one JSON object per line."""
    clf = _load_classifier(root)
    try:
        if text is not None:
            _write_json_line(clf.classify(text).to_json())
            return
        stdin = click.get_text_stream("stdin", encoding="utf-8", errors="replace")
        for line in stdin:
            _write_json_line(clf.classify(line.rstrip("\r\n")).to_json())
    except BrokenPipeError:  # the reader stopped early (| head): not an error
        sys.stderr.close()
    except KeyboardInterrupt:
        sys.exit(130)


@main.command("evaluate")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of text.")
@click.option("--plot", type=click.Path(dir_okay=False), default=None,
              help="Write the confusion matrix as a PNG.")
@click.option("--cv", is_flag=True, help="Also run 5-fold cross-validation on the training set.")
@click.option("--root", type=click.Path(file_okay=False), default=None,
              help="Folder with cards/ and tips/ (default: the built-in knowledge base).")
def evaluate(file: str, as_json: bool, plot: str | None, cv: bool, root: str | None) -> None:
    """Score the classifier on FILE (JSON lines with text, intent, verdict, card)."""
    from classifier.dataset import DatasetError, read_examples
    from classifier.evaluate import cross_validate, format_report, plot_confusion
    from classifier.evaluate import evaluate as run_evaluation

    try:
        gold = read_examples(file)
    except DatasetError as exc:
        fail(str(exc))
    clf = _load_classifier(root)
    report = run_evaluation(clf.classify, gold, file)
    cv_report = None
    if cv:
        try:
            cv_report = cross_validate(clf.kb)
        except DatasetError as exc:
            fail(f"the training data is broken: {exc}")
    if plot:
        try:
            plot_confusion(report, plot)
        except OSError as exc:
            fail(f"cannot write {plot}: {exc.strerror or exc}")
    if as_json:
        data = report.to_json()
        if cv_report is not None:
            data["cross_validation"] = cv_report.to_json()
        _write_json_line(data)
        return
    click.echo(format_report(report))
    if cv_report is not None:
        click.echo("")
        click.echo(format_report(cv_report))
    if plot:
        click.echo(f"confusion matrix: {plot}")


if __name__ == "__main__":  # pragma: no cover
    main()
