# Partnerdesk: `make run` opens the app, `make test` runs the tests; both install what the machine lacks.
# Debian packages: the C side of Fyne (GLFW through cgo) and the tools the tests use on PDFs and windows;
# then the WebDAV servers the sync tests start on loopback (Apache mod_dav, nginx dav-ext, lighttpd, rclone).
APT_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev libwayland-dev poppler-utils qpdf xvfb \
	apache2 nginx libnginx-mod-http-dav-ext lighttpd lighttpd-mod-webdav rclone
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
GO ?= go
BIN := partnerdesk

.PHONY: run build test bench deps vet clean screenshots

run: build
	./$(BIN)

build: deps
	$(GO) build -o $(BIN) .

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

# screenshots runs the app under Xvfb at 1,280 × 720, first on an empty database (the welcome
# screen), then on the demo project shared on a loopback rclone server, and writes
# screenshots/NAME.png for each screen.
SHOTS_TMP := $(shell mktemp -d -u /tmp/partnerdesk-shots.XXXXXX)
XVFB := xvfb-run -a -s "-screen 0 1280x720x24"
screenshots: build
	@command -v import >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends imagemagick; }
	mkdir -p screenshots $(SHOTS_TMP)/server
	PARTNERDESK_SCREENSHOTS=screenshots $(XVFB) ./$(BIN) --db $(SHOTS_TMP)/empty.db
	./$(BIN) --db $(SHOTS_TMP)/demo.db demo >/dev/null
	for m in 2020-09 2020-10 2020-11; do ./$(BIN) --db $(SHOTS_TMP)/demo.db timesheet submit --project CRAFTLINK --person staff02@frr.example.pl --month $$m >/dev/null; done
	./$(BIN) --db $(SHOTS_TMP)/demo.db timesheet approve --project CRAFTLINK --person staff02@frr.example.pl --month 2020-09 --by staff01@frr.example.pl >/dev/null
	port=$$((20000 + $$$$ % 20000)); \
	rclone serve webdav $(SHOTS_TMP)/server --addr 127.0.0.1:$$port >/dev/null 2>&1 & pid=$$!; sleep 2; \
	./$(BIN) --db $(SHOTS_TMP)/demo.db share init --project CRAFTLINK --url http://127.0.0.1:$$port/CRAFTLINK/ --folder $(SHOTS_TMP)/files >/dev/null && \
	./$(BIN) --db $(SHOTS_TMP)/demo.db share invite --project CRAFTLINK --partner BWG >/dev/null && \
	PARTNERDESK_SCREENSHOTS=screenshots $(XVFB) ./$(BIN) --db $(SHOTS_TMP)/demo.db; \
	status=$$?; kill $$pid; exit $$status
	rm -rf $(SHOTS_TMP)
