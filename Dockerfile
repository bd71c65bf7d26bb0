# syntax=docker/dockerfile:1
#
# One image for the whole pnpm workspace: every service and the ops scripts run from it,
# straight from their TypeScript sources (Node 24 type stripping, no build step). Compose
# picks the process with `command:`, e.g.
#   node --disable-warning=TimeoutNegativeWarning services/placement/src/main.ts
#
#   docker build -t relais-workspace:local .
#
# Stages: manifests (package.json files + lockfile only, so that editing a source file does
# not invalidate the install layer) -> deps (pnpm install) -> runtime (no pnpm, non-root).

ARG NODE_IMAGE=node:24-bookworm-slim

# --- manifests: the files `pnpm install` reads, and nothing else -----------------------------
# Every package.json of the workspace is found automatically (no list to keep in step with
# pnpm-workspace.yaml); BuildKit checksums the copied tree by content, so the deps stage below
# stays cached until a manifest, the lockfile, pnpm-workspace.yaml or .npmrc changes.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -type f \
      ! -name package.json ! -name pnpm-lock.yaml ! -name pnpm-workspace.yaml ! -name .npmrc \
      -delete \
 && find . -mindepth 1 -type d -empty -delete

# --- deps: install the workspace, dev dependencies included (tests, tsc, the pinned `node`) ---
FROM ${NODE_IMAGE} AS deps
ARG PNPM_VERSION=10.34.9
ENV CI=true \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
RUN npm install --global "pnpm@${PNPM_VERSION}"
WORKDIR /app
COPY --from=manifests /src/ ./
# The root devDependency `node` installs the pinned Node binary (node_modules/.bin/node) from
# the npm registry in its preinstall script; the runtime below uses the base image's Node 24.
RUN --mount=type=cache,id=relais-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --prod=false --store-dir /pnpm/store

# --- runtime -----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# node_modules (root and per package, pnpm's symlinks preserved) first, then the sources:
# .dockerignore keeps the host's node_modules out of the build context.
COPY --from=deps /app/ ./
COPY . .
# The services' TypeScript stripped once, here, as `npm start` does (infra/src/stripped-sources.ts):
# without it Node starts its WebAssembly stripper in every service process, about 30 MB each.
# NODE_OPTIONS gives the loader to every node process of the container, whatever its command
# (docker-compose.yml and the Kubernetes manifests name only the entry); a source not stripped
# here is stripped by Node as before.
ENV RELAIS_STRIPPED_SOURCES=/app/node_modules/.cache/relais-stripped
RUN node infra/src/cli.ts sources strip
ENV NODE_OPTIONS=--import=/app/infra/src/stripped-loader.mjs
# Files stay owned by root: the services only read them.
USER node
EXPOSE 3001 3002 3003 3004
# Overridden per service in docker-compose.yml.
CMD ["node", "--disable-warning=TimeoutNegativeWarning", "--max-semi-space-size=2", "services/placement/src/main.ts"]
