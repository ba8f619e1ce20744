"""The ``blendbot`` command line: one small function per subcommand.

Implementations are imported inside each command so that ``blendbot classify`` does not pay
for the Bot Framework SDK, and ``blendbot serve`` does not pay for plotting.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click


def fail(message: str, code: int = 1) -> NoReturn:
    """Exit with a one-line reason on standard error (never a traceback)."""
    click.echo(f"blendbot: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Blendbot: is dit blended? Een assistent voor docenten in mbo en hbo."""


@main.command("teams-package")
@click.option("--out", "out", type=click.Path(dir_okay=False), default="blendbot.zip",
              show_default=True, help="Waar het zip-bestand komt.")
@click.option("--app-version", default=None, help="Versie in manifest.json (semver).")
def teams_package(out: str, app_version: str | None) -> None:
    """Maak het Teams-app-pakket (manifest.json, color.png, outline.png)."""
    from pathlib import Path

    from pydantic import ValidationError

    from bot.settings import load_settings
    from bot.teams_package import PackageError, build_package

    try:
        settings = load_settings()
    except ValidationError as exc:
        fail(f"instellingen kloppen niet: {exc.errors()[0]['msg']}")
    try:
        package = build_package(settings, Path(out), app_version)
    except PackageError as exc:
        for line in exc.problems:
            click.echo(line, err=True)
        fail(f"geen pakket gemaakt ({len(exc.problems)} probleem/problemen).")
    except OSError as exc:
        fail(f"kan {out} niet schrijven: {exc.strerror or exc}")
    click.echo(f"Teams-app-pakket gemaakt: {package.path} (app-id {package.manifest['id']}).")


@main.group("knowledge")
def knowledge() -> None:
    """Kennisbank: kaarten, tips en adviezen."""


@knowledge.command("check")
@click.option("--root", type=click.Path(exists=True, file_okay=False), default=None,
              help="Map met cards/ en tips/ (standaard de ingebouwde kennisbank).")
def knowledge_check(root: str | None) -> None:
    """Controleer alle kaarten; meldt elk probleem als bestand:regel: melding."""
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
              help="Database (standaard BLENDBOT_DATABASE_URL of sqlite:///blendbot.sqlite3).")
def chat(database_url: str | None) -> None:
    """Praat met Blendbot in de terminal ('stop' of Ctrl-D om te stoppen)."""
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
        fail(f"instellingen kloppen niet: {exc.errors()[0]['msg']}")
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
@click.option("--host", default=None, help="Adres om op te luisteren (standaard BLENDBOT_HOST).")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Poort (standaard 3978, of BLENDBOT_PORT / PORT).")
def serve(host: str | None, port: int | None) -> None:
    """Start de bot-webserver (/api/messages voor Teams, /healthz)."""
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
        fail(f"instellingen kloppen niet: {exc.errors()[0]['msg']}")
    from bot.app import run_app

    try:
        run_app(settings)
    except StartupError as exc:
        lines = str(exc).splitlines() or [type(exc).__name__]
        click.echo(f"blendbot: kan niet starten: {lines[0]}", err=True)
        for line in lines[1:]:  # e.g. one knowledge problem per line: file:line: message
            click.echo(line, err=True)
        sys.exit(1)
    except OSError as exc:
        fail(f"kan niet luisteren op {settings.host}:{settings.port}: {exc.strerror or exc}")



@main.group("tips")
def tips() -> None:
    """Wekelijkse tips."""


@tips.command("send")
@click.option("--dry-run", is_flag=True,
              help="Laat zien wie welke tip zou krijgen; verstuur niets.")
def tips_send(dry_run: bool) -> None:
    """Verstuur de tip van deze week nu (alleen naar wie hem nog niet kreeg)."""
    import asyncio

    from pydantic import ValidationError

    from bot.services import StartupError
    from bot.settings import load_settings
    from bot.tips.cli_send import send_tips, summary_lines

    try:
        settings = load_settings()
    except ValidationError as exc:
        fail(f"instellingen kloppen niet: {exc.errors()[0]['msg']}")
    try:
        summary = asyncio.run(send_tips(settings, dry_run=dry_run, echo=click.echo))
    except StartupError as exc:
        fail(f"kan de tips niet versturen: {str(exc).splitlines()[0]}")
    except Exception as exc:  # the SDK raises bare Exceptions for bad credentials
        fail(f"kan de tips niet versturen: {type(exc).__name__}: {exc}")
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


def _load_classifier(root: str | None):  # noqa: ANN202 - the type is imported lazily
    """Knowledge base + classifier, or exit with a one-line reason (never a traceback)."""
    from pathlib import Path

    from pydantic import ValidationError

    from bot.settings import load_settings
    from classifier import load_classifier
    from classifier.dataset import DatasetError
    from knowledge.loader import KnowledgeError, load_knowledge

    try:
        settings = load_settings()
    except ValidationError as exc:
        fail(f"instellingen kloppen niet: {exc.errors()[0]['msg']}")
    try:
        kb = load_knowledge(Path(root) if root else None)
    except KnowledgeError as exc:
        problems = str(exc).splitlines()
        more = f" (en nog {len(problems) - 1})" if len(problems) > 1 else ""
        fail(f"de kennisbank klopt niet: {problems[0] if problems else exc}{more}")
    try:
        return load_classifier(kb, settings.cache_dir)
    except DatasetError as exc:
        fail(f"de trainingsdata klopt niet: {exc}")
    except Exception as exc:  # noqa: BLE001 - a broken model is one line, never a traceback
        fail(f"het model kan niet laden: {type(exc).__name__}: {exc}".splitlines()[0])


@main.command("classify")
@click.argument("text", required=False)
@click.option("--root", type=click.Path(file_okay=False), default=None,
              help="Map met cards/ en tips/ (standaard de ingebouwde kennisbank).")
def classify(text: str | None, root: str | None) -> None:
    """Classificeer TEXT, of elke regel van stdin; één JSON-object per regel."""
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
@click.option("--json", "as_json", is_flag=True, help="Eén JSON-object in plaats van tekst.")
@click.option("--plot", type=click.Path(dir_okay=False), default=None,
              help="Schrijf de verwarringsmatrix als PNG.")
@click.option("--cv", is_flag=True, help="Ook 5-voudige kruisvalidatie op de trainingsset.")
@click.option("--root", type=click.Path(file_okay=False), default=None,
              help="Map met cards/ en tips/ (standaard de ingebouwde kennisbank).")
def evaluate(file: str, as_json: bool, plot: str | None, cv: bool, root: str | None) -> None:
    """Meet de classifier op FILE (regels met text, intent, verdict, card)."""
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
            fail(f"de trainingsdata klopt niet: {exc}")
    if plot:
        try:
            plot_confusion(report, plot)
        except OSError as exc:
            fail(f"kan {plot} niet schrijven: {exc.strerror or exc}")
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
        click.echo(f"verwarringsmatrix: {plot}")


if __name__ == "__main__":  # pragma: no cover
    main()
