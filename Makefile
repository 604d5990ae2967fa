# Alliance: `make run` builds and opens the app, `make test` runs the tests.
# Both install the system packages they need first (see .ci/deps).

SHELL   := /bin/bash
.SHELLFLAGS := -o pipefail -c
GO      ?= go
TAGS    := migrated_fynedo,no_emoji
BUILD   := build
VERSION := $(shell sed -n 's/^Version = "\(.*\)"/\1/p' FyneApp.toml)
LDFLAGS := -X main.version=$(VERSION)
# Fyne reads the locale from LANG; "C" makes it log errors.
ifeq ($(filter-out C POSIX C.UTF-8,$(LANG)),)
export LANG := en_US.UTF-8
endif

.PHONY: all deps build run demo server test race bench screenshots clean

all: build

deps:
	@.ci/deps

# The first build compiles Fyne's OpenGL driver (cgo) and takes minutes.
build: deps
	$(GO) build -tags $(TAGS) -ldflags '$(LDFLAGS)' -o $(BUILD)/alliance ./cmd/alliance
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BUILD)/alliance-server ./cmd/alliance-server

# make run [DATA=folder]: the app on the user's data folder (or DATA).
run: build
	$(BUILD)/alliance $(if $(DATA),--data $(DATA))

# make demo [DATA=folder] [N=2000]: a data folder full of demo data.
demo: build
	$(BUILD)/alliance demo $(if $(DATA),--data $(DATA)) --activities $(or $(N),2000)

test: deps
	$(GO) vet -tags $(TAGS) ./...
	$(GO) test -tags $(TAGS) -count=1 -timeout 20m ./...
	# A count, not a duration: Go 1.26's fuzz coordinator can fail a clean run
	# with "context deadline exceeded" when -fuzztime ends (golang/go#75804).
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz FuzzHandler_Push -fuzztime 8000x ./internal/syncserver
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz FuzzHandler_Enroll -fuzztime 4000x ./internal/syncserver
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz FuzzHandler_Pull -fuzztime 4000x ./internal/syncserver

race: deps
	$(GO) test -tags $(TAGS) -race -count=1 ./internal/sqlite/... ./internal/syncproto/... ./internal/syncserver/... ./internal/syncclient/...

# make server [DATA=folder] [ADDR=127.0.0.1:8080]: the secretariat server.
server: deps
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BUILD)/alliance-server ./cmd/alliance-server
	$(BUILD)/alliance-server serve --data $(or $(DATA),server-data) --addr $(or $(ADDR),127.0.0.1:8080)

bench: deps
	mkdir -p $(BUILD)
	$(GO) test -tags $(TAGS) -p 1 -run '^$$' -bench . -benchtime 1x -count 1 -timeout 30m ./internal/... | tee $(BUILD)/bench.txt

screenshots:
	mkdir -p $(BUILD)/screenshots
	ALLIANCE_SCREENSHOTS=$(CURDIR)/$(BUILD)/screenshots $(GO) test -tags $(TAGS) -count=1 -run TestScreenshots ./internal/ui
	@echo "screenshots in $(BUILD)/screenshots"

clean:
	rm -rf $(BUILD)
