# Shortcuts; the README's two commands are `bash scripts/run.sh` and `bash scripts/test.sh`.
.PHONY: help run test lint demo fixtures bench
help:  ## list the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'
run:  ## build the demo warehouse if missing and serve the dashboard on 127.0.0.1:8501
	bash scripts/run.sh
test:  ## run the whole test suite (browser tests included)
	bash scripts/test.sh
lint:  ## ruff lint and format check
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
demo:  ## rebuild the demo warehouse in data/
	.venv/bin/pingyi demo --db data/pingyi.duckdb
fixtures:  ## regenerate the tiny committed ETL fixtures
	.venv/bin/python tests/data/make_fixtures.py
bench:  ## the whole benchmark (demo builds, queries, ingest, version files, export, browser, issue #18 targets table) → bench/results/latest.json
	.venv/bin/python bench/run.py
