"""``python -m chanx.cli``."""

from chanx.cli.main import main

main()
