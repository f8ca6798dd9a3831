# Back-spasm clinic assistant. `make help` lists the targets.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
RASA := $(BIN)/rasa
MODEL := models/backspasm.tar.gz
TRAINING_INPUTS := config.yml $(shell find domain data components knowledge clinic -type f -name '*.yml' -o -type f -name '*.py' 2>/dev/null)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help install train run shell unit test test-setup lint typecheck validate health eval-test bench-red-flags bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: ## Create .venv (Python 3.10), install pinned deps, build the spaCy pipeline
	@scripts/install.sh

$(MODEL): $(TRAINING_INPUTS) | install
	$(RASA) train --domain domain --fixed-model-name backspasm --out models

train: install $(MODEL) ## Train the model if config, domain or data changed

run: install train ## Install, train if needed, start the action server, Rasa and the demo page
	@scripts/run.sh

shell: install train ## Chat in the terminal (starts the action server too)
	@scripts/run.sh shell

validate: install ## Check the training data and domain (fails on warnings)
	@scripts/validate_data.sh

lint: install ## ruff and mypy on clinic/, escalation/, actions/, components/, channels/ and scripts/
	$(BIN)/ruff check clinic escalation actions components channels scripts tests
	$(BIN)/ruff format --check clinic escalation actions components channels scripts tests
	$(BIN)/mypy clinic escalation actions components channels

typecheck: lint

unit: install ## Fast inner loop: the unit tests only (no training, no servers, under a minute)
	$(BIN)/python -m pytest tests --ignore=tests/e2e -m "not e2e" -q

test-setup: ## Install what the tests need besides Python packages (Debian's Chromium)
	@scripts/test_setup.sh

test: install test-setup lint validate train ## Run every test: unit, data, held-out NLU, conversations, end-to-end
	$(BIN)/python scripts/eval_nlu_holdout.py --model $(MODEL)
	$(BIN)/python scripts/eval_red_flags.py --model $(MODEL)
	$(RASA) test core --e2e --model $(MODEL) --stories tests/test_stories.yml --fail-on-prediction-errors --out results/core
	$(RASA) test core --e2e --model $(MODEL) --stories tests/red_flags/test_escalation_stories.yml --fail-on-prediction-errors --out results/core_escalation
	$(BIN)/python -m pytest

health: ## How each server of `make run` is, and the doctor's notifications (exit 1 if not healthy)
	@if [ -f .env ]; then set -a; . ./.env; set +a; fi; $(BIN)/python scripts/health.py

eval-test: install train ## Score the independent sets' TEST parts once, for the report (needs `make run` running)
	$(BIN)/python scripts/eval_patients.py --model $(MODEL) --part test -v
	$(BIN)/python scripts/eval_patients.py --url http://127.0.0.1:$${RASA_PORT:-5005} --part test --only conversations -v

bench-red-flags: install train ## Time red-flag detection per message (issue budget: p95 < 5 ms)
	$(BIN)/python scripts/bench_red_flags.py --model $(MODEL) --budget-ms 5

bench: install train ## Benchmark this bot against the `rasa init` bot over REST
	$(BIN)/python scripts/bench.py

clean: ## Remove trained models and test results (keeps .venv)
	rm -rf models results .pytest_cache .mypy_cache .ruff_cache
