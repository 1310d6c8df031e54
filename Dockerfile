# syntax=docker/dockerfile:1
# Build: docker build -t meetbot .
# Run:   docker run -e DINGTALK_CLIENT_ID=… -e DINGTALK_CLIENT_SECRET=… -v meetbot-data:/data meetbot

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/meetbot . \
 && mkdir -p /out/data

# distroless/static: CA certificates and tzdata, no shell, runs as uid 65532.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/meetbot /meetbot
COPY --from=build --chown=65532:65532 /out/data /data
# MEETBOT_SANDBOX=off: the image never runs the sandbox; without credentials
# it exits 2 naming them.
ENV MEETBOT_STORE=/data/meetbot.db \
    MEETBOT_HTTP_ADDR=0.0.0.0:8080 \
    MEETBOT_SANDBOX=off
VOLUME /data
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/meetbot"]
