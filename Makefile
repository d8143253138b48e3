# Partnerdesk: `make run` opens the app, `make test` runs the tests; both install what the machine lacks.
# Debian packages: the C side of Fyne (GLFW through cgo) and the tools the tests use on PDFs and windows;
# then the WebDAV servers the sync tests start on loopback (Apache mod_dav, nginx dav-ext, lighttpd, rclone).
APT_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev libwayland-dev poppler-utils qpdf xvfb \
	apache2 nginx libnginx-mod-http-dav-ext lighttpd lighttpd-mod-webdav rclone
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
GO ?= go
BIN := partnerdesk

.PHONY: run build test bench deps vet clean screenshots package package-deps package-linux package-windows

# --version prints FyneApp.toml's version (embedded) and this commit; Go stamps the commit itself
# in a plain clone, and these flags carry it where it cannot (a git worktree, -buildvcs=false).
COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null)
LDFLAGS := -X partnerdesk/ui/cli.Commit=$(COMMIT)

run: build
	./$(BIN)

build: deps
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) .

test: deps
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

# bench includes BenchmarkScale (ui/cli): each operation on demo stores of 10, 40 and 160 people,
# in a process of its own, with its time, CPU time, peak memory and growth per 4× people;
# PARTNERDESK_BENCH_640=1 adds 640 people (1.57 million entries; allow an hour).
bench: deps
	$(GO) test -run '^$$' -bench . -benchmem -timeout 90m ./...

# deps installs only the packages that are missing, so a set-up machine is not touched.
deps:
	@command -v $(GO) >/dev/null || { echo "Go is missing: install Go 1.26 first (https://go.dev/dl/)"; exit 1; }
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

clean:
	rm -f $(BIN)
	rm -rf dist

# package builds, from FyneApp.toml, what a person installs without Go: dist/Partnerdesk-VERSION-linux-amd64.tar.xz
# (fyne package: the binary, the .desktop file, the icon and a Makefile whose `make user-install`
# or `sudo make install` installs them) and dist/Partnerdesk-VERSION-windows-amd64.exe (a GUI
# program with the icon and the version, cross-compiled with Debian's mingw-w64).
PKG_APT := desktop-file-utils gcc-mingw-w64-x86-64 xz-utils
FYNE_TOOLS := fyne.io/tools/cmd/fyne@v1.7.4
FYNE := $(shell $(GO) env GOPATH 2>/dev/null)/bin/fyne
VERSION := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
DIST := dist
# fyne package passes -ldflags from GOFLAGS to go build.
PKG_GOFLAGS := -buildvcs=false -ldflags=-X=partnerdesk/ui/cli.Commit=$(COMMIT)

package: package-linux package-windows
	@ls -l $(DIST)

package-deps: deps
	@missing=""; for p in $(PKG_APT); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@test -x $(FYNE) || { echo "installing $(FYNE_TOOLS)"; GOFLAGS= $(GO) install $(FYNE_TOOLS); }

package-linux: package-deps
	mkdir -p $(DIST)
	rm -f Partnerdesk.tar.xz
	cp FyneApp.toml $(DIST)/FyneApp.toml.orig # fyne package --release counts Build up in it: keep the file as committed
	GOFLAGS="$(PKG_GOFLAGS)" $(FYNE) package -os linux --release; status=$$?; mv $(DIST)/FyneApp.toml.orig FyneApp.toml; exit $$status
	mv Partnerdesk.tar.xz $(DIST)/Partnerdesk-$(VERSION)-linux-amd64.tar.xz
	# the archive's .desktop file must be one desktop environments accept
	tmp=$$(mktemp -d) && tar -xJf $(DIST)/Partnerdesk-$(VERSION)-linux-amd64.tar.xz -C $$tmp && \
	desktop-file-validate $$(find $$tmp -name '*.desktop') && \
	grep -q '^Comment=' $$(find $$tmp -name '*.desktop') && grep -q '^Categories=' $$(find $$tmp -name '*.desktop') && \
	test -x $$tmp/partnerdesk/usr/local/bin/partnerdesk && test -f $$tmp/partnerdesk/Makefile && rm -rf $$tmp

package-windows: package-deps
	mkdir -p $(DIST)
	rm -f Partnerdesk.exe
	cp FyneApp.toml $(DIST)/FyneApp.toml.orig
	GOFLAGS="$(PKG_GOFLAGS)" GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc \
		$(FYNE) package -os windows --release; status=$$?; mv $(DIST)/FyneApp.toml.orig FyneApp.toml; exit $$status
	mv Partnerdesk.exe $(DIST)/Partnerdesk-$(VERSION)-windows-amd64.exe

# screenshots runs the app under Xvfb at 1,280 × 720, first on an empty database (the welcome
# screen), then on the demo project shared on a loopback rclone server, and writes
# screenshots/NAME.png for each screen; in another language of the window
# (LANG=fr_FR.UTF-8 make screenshots), screenshots/fr/NAME.png.
SHOT_LANG := $(filter de fr es it pl el bg pt,$(shell printf '%s' "$${LANGUAGE:-$${LC_ALL:-$${LC_MESSAGES:-$$LANG}}}" | cut -c1-2 | tr A-Z a-z))
SHOTS_DIR := screenshots$(if $(SHOT_LANG),/$(SHOT_LANG))
SHOTS_TMP := $(shell mktemp -d -u /tmp/partnerdesk-shots.XXXXXX)
XVFB := xvfb-run -a -s "-screen 0 1280x720x24"
screenshots: build
	@command -v import >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends imagemagick; }
	mkdir -p $(SHOTS_DIR) $(SHOTS_TMP)/server
	PARTNERDESK_SCREENSHOTS=$(SHOTS_DIR) $(XVFB) ./$(BIN) --db $(SHOTS_TMP)/empty.db
	./$(BIN) --db $(SHOTS_TMP)/demo.db demo >/dev/null
	for m in 2020-09 2020-10 2020-11; do ./$(BIN) --db $(SHOTS_TMP)/demo.db timesheet submit --project CRAFTLINK --person staff02@frr.example.pl --month $$m >/dev/null; done
	./$(BIN) --db $(SHOTS_TMP)/demo.db timesheet approve --project CRAFTLINK --person staff02@frr.example.pl --month 2020-09 --by staff01@frr.example.pl >/dev/null
	port=$$((20000 + $$$$ % 20000)); \
	rclone serve webdav $(SHOTS_TMP)/server --addr 127.0.0.1:$$port >/dev/null 2>&1 & pid=$$!; sleep 2; \
	./$(BIN) --db $(SHOTS_TMP)/demo.db share init --project CRAFTLINK --url http://127.0.0.1:$$port/CRAFTLINK/ --folder $(SHOTS_TMP)/files >/dev/null && \
	./$(BIN) --db $(SHOTS_TMP)/demo.db share invite --project CRAFTLINK --partner BWG >/dev/null && \
	PARTNERDESK_SCREENSHOTS=$(SHOTS_DIR) $(XVFB) ./$(BIN) --db $(SHOTS_TMP)/demo.db; \
	status=$$?; kill $$pid; exit $$status
	rm -rf $(SHOTS_TMP)
