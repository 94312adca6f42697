"""``chanx`` command line: ``chanx generate-client ...``.

Errors the user can fix (missing file, bad format, HTTP failure, not AsyncAPI 3) are
printed as one ``Error: ...`` line with exit code 1, never as a traceback.
"""

from __future__ import annotations

from pathlib import Path

try:
    import click
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise SystemExit("the chanx command needs the cli extra: pip install 'chanx[cli]'") from exc

from chanx.client_gen import ClientGenError, generate

__all__ = ["generate_client", "main"]


@click.group()
def main() -> None:
    """chanx: typed WebSocket consumers for Django Channels and FastAPI."""


@main.command("generate-client")
@click.option(
    "--schema",
    required=True,
    metavar="PATH_OR_URL",
    help="AsyncAPI 3 document (JSON or YAML): a file or an http(s) URL.",
)
@click.option(
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write the client into (the Python package itself).",
)
@click.option(
    "--language",
    type=click.Choice(["python", "typescript"]),
    default="python",
    show_default=True,
    help="Language of the generated client.",
)
def generate_client(schema: str, output: Path, language: str) -> None:
    """Generate a typed client from an AsyncAPI document."""
    try:
        changed = generate(schema, output, "typescript" if language == "typescript" else "python")
    except ClientGenError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"{language} client written to {output} ({len(changed)} files changed)")


if __name__ == "__main__":  # pragma: no cover
    main()
