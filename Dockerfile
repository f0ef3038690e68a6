# One image for all five services. Compose picks the service with `command:` (gateway,
# whatsapp-gateway, sms-sender, voice-sender, hunt-orchestrator); `docker run IMAGE` starts the gateway.
#
#   docker build -t auto-prospect-workers:latest .
#   docker build --build-arg SWIFT_IMAGE=swift:6.1-bookworm -t auto-prospect-workers:latest .
#
# The builder and runtime must share a Debian release (bookworm) so the C libraries linked at build
# time (hiredis 0.14, libpq 5, libcurl 4, OpenSSL 3) are the ones installed at run time.

# The toolchain the code is developed and tested with (6.3); any bookworm Swift 6 image can be passed.
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ================================
# Build
# ================================
FROM ${SWIFT_IMAGE} AS builder

# Unpinned on purpose (DL3008): bookworm point releases replace old versions, so pins would break builds
# and hold back security fixes; the Debian release itself is the pin.
# hadolint ignore=DL3008
RUN export DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true \
    && apt-get update -q \
    && apt-get install -y -q --no-install-recommends \
        libhiredis-dev libpq-dev libcurl4-openssl-dev libssl-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build

# Dependencies first so this layer stays cached while only our sources change. Package.resolved is
# optional (not in git); the glob lets the COPY succeed without it.
COPY Package.swift Package.resolve[d] ./
RUN swift package resolve

# The manifest declares targets in all four folders (tests and benchmarks included), so all must exist.
COPY Shared/ Shared/
COPY Services/ Services/
COPY Tests/ Tests/
COPY Benchmarks/ Benchmarks/

# Static Swift runtime: the runtime image needs only the C libraries below, no Swift toolchain.
# Staged next to the executables: SwiftPM resource bundles (if a target ever has resources) and the
# static backtracer, for symbolicated crash reports without a toolchain.
ARG PRODUCTS="gateway whatsapp-gateway sms-sender voice-sender hunt-orchestrator"
RUN set -eu; \
    for product in ${PRODUCTS}; do \
        swift build -c release --static-swift-stdlib --product "${product}"; \
    done; \
    bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"; \
    mkdir -p /staging; \
    for product in ${PRODUCTS}; do cp "${bin}/${product}" /staging/; done; \
    find -L "${bin}" -maxdepth 1 -name '*.resources' -exec cp -R -t /staging/ {} +; \
    cp /usr/libexec/swift/linux/swift-backtrace-static /staging/

# ================================
# Run
# ================================
FROM ${RUNTIME_IMAGE}

# libstdc++6 is needed by the statically linked Swift runtime; curl is for the compose healthchecks.
# hadolint ignore=DL3008
RUN export DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true \
    && apt-get update -q \
    && apt-get install -y -q --no-install-recommends \
        libhiredis0.14 libpq5 libcurl4 libssl3 libstdc++6 ca-certificates tzdata curl \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 ap \
    && useradd --system --uid 10001 --gid ap --home-dir /app --no-create-home --shell /usr/sbin/nologin ap

WORKDIR /app
# Owned by root and not writable by the service user.
COPY --from=builder /staging/ /app/

ENV PATH="/app:${PATH}" \
    SWIFT_BACKTRACE="enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/app/swift-backtrace-static"

# Numeric, so orchestrators can verify the user is not root (Kubernetes runAsNonRoot).
USER 10001:10001

# 8080: gateway HTTP API; 8081: /health and /ready of the other services.
EXPOSE 8080 8081

CMD ["gateway"]
