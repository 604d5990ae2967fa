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

.PHONY: all deps build run demo server test race bench screenshots clean dist dist-linux dist-server dist-windows dist-check

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
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz '^FuzzHandler_Push$$' -fuzztime 8000x ./internal/syncserver
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz '^FuzzHandler_Enroll$$' -fuzztime 4000x ./internal/syncserver
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz '^FuzzHandler_Pull$$' -fuzztime 4000x ./internal/syncserver
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz '^FuzzHandler_PushCompact$$' -fuzztime 8000x ./internal/syncserver

race: deps
	$(GO) test -tags $(TAGS) -race -count=1 -timeout 30m ./internal/sqlite/... ./internal/syncproto/... ./internal/syncserver/... ./internal/syncclient/... ./internal/update/...

# make server [DATA=folder] [ADDR=127.0.0.1:8080]: the secretariat server.
server: deps
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BUILD)/alliance-server ./cmd/alliance-server
	$(BUILD)/alliance-server serve --data $(or $(DATA),server-data) --addr $(or $(ADDR),127.0.0.1:8080)

bench: deps
	mkdir -p $(BUILD)
	$(GO) test -tags $(TAGS) -p 1 -run '^$$' -bench . -benchtime 1x -count 1 -timeout 30m ./internal/... ./cmd/... | tee $(BUILD)/bench.txt

screenshots:
	mkdir -p $(BUILD)/screenshots
	ALLIANCE_SCREENSHOTS=$(CURDIR)/$(BUILD)/screenshots $(GO) test -tags $(TAGS) -count=1 -run TestScreenshots ./internal/ui/...
	@echo "screenshots in $(BUILD)/screenshots"

# make dist: the packages for the members' laptops and the server, in
# build/dist with their SHA-256 sums (README, "Install"). Windows needs
# gcc-mingw-w64-x86-64 and nsis; the first Windows build compiles Fyne's
# driver with mingw and takes about ten minutes.
DIST     := $(BUILD)/dist
FYNE     := $(CURDIR)/$(BUILD)/tools/fyne
NSISLANG ?= /usr/share/nsis/Contrib/Language files
PKGFLAGS := --tags $(TAGS) --release --icon $(CURDIR)/assets/icon.png --name Alliance --app-id az.ngoalliance.alliance --app-version $(VERSION)

dist: dist-linux dist-server dist-windows
	cd $(DIST) && rm -f SHA256SUMS && sha256sum Alliance-$(VERSION)-* alliance-server-$(VERSION)-* > SHA256SUMS
	@cat $(DIST)/SHA256SUMS

# fyne's packager, built for this machine (not with the mingw compiler).
$(FYNE):
	GOBIN=$(CURDIR)/$(BUILD)/tools $(GO) install fyne.io/tools/cmd/fyne@v1.7.4

dist-linux: deps $(FYNE)
	mkdir -p $(DIST)
	cd cmd/alliance && $(FYNE) package --target linux $(PKGFLAGS)
	mv cmd/alliance/Alliance.tar.xz $(DIST)/Alliance-$(VERSION)-linux-amd64.tar.xz
	# The update the laptops fetch through the sync: the program alone,
	# signed off the server (README, "Updates").
	tar -xJOf $(DIST)/Alliance-$(VERSION)-linux-amd64.tar.xz alliance/usr/local/bin/alliance | xz -9e --threads=1 > $(DIST)/Alliance-$(VERSION)-linux-amd64.update

dist-server:
	rm -rf $(BUILD)/server-pkg && mkdir -p $(BUILD)/server-pkg/alliance-server-$(VERSION) $(DIST)
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '-s -w $(LDFLAGS)' -o $(BUILD)/server-pkg/alliance-server-$(VERSION)/alliance-server ./cmd/alliance-server
	cp deploy/alliance-server.service $(BUILD)/server-pkg/alliance-server-$(VERSION)/
	tar -C $(BUILD)/server-pkg -cJf $(DIST)/alliance-server-$(VERSION)-linux-amd64.tar.xz alliance-server-$(VERSION)

dist-windows: $(FYNE)
	@command -v x86_64-w64-mingw32-gcc >/dev/null && command -v makensis >/dev/null || \
		{ echo "dist-windows needs: sudo apt-get install gcc-mingw-w64-x86-64 nsis" >&2; exit 1; }
	rm -rf $(BUILD)/win && mkdir -p $(BUILD)/win/lang $(DIST)
	cd cmd/alliance && CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc $(FYNE) package --target windows $(PKGFLAGS)
	mv cmd/alliance/Alliance.exe $(BUILD)/win/Alliance.exe
	xz -9e --threads=1 -c $(BUILD)/win/Alliance.exe > $(DIST)/Alliance-$(VERSION)-windows-amd64.update
	$(GO) run ./tools/mkico assets/icon.png $(BUILD)/win/alliance.ico
	python3 deploy/windows/mklang.py "$(NSISLANG)" $(BUILD)/win/lang
	makensis -V2 -DVERSION=$(VERSION) -DSRC=$(CURDIR)/$(BUILD)/win -DLANGDIR=$(CURDIR)/$(BUILD)/win/lang \
		-DOUT=$(CURDIR)/$(DIST)/Alliance-$(VERSION)-windows-amd64-setup.exe deploy/windows/alliance.nsi

# make dist-check: the Windows setup installed, run and removed under wine.
dist-check:
	.ci/dist-check $(VERSION)

clean:
	rm -rf $(BUILD)
