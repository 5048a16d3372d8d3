# duban: one image, two commands: `worker` (default) and `api` (docker-compose.yml runs both).
#   docker build -t duban:0.1.0 .
#   docker run --rm duban:0.1.0 --help
# Base images are pinned; bump them deliberately (Node 20 is what package.json's engines and the SDK 1.24 accept).

# ---- production dependencies only ----------------------------------------------------------------------------
FROM node:20.20.2-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts stay off (TEMPORAL.md "Known traps": the SDK works without them); the Temporal core bridge ships
# prebuilt linux-x64/arm64 (glibc) binaries, which is why the image is Debian-based rather than Alpine.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---- build: compile TypeScript to dist/ and pre-build the workflow bundle -----------------------------------
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# `npm run build` = tsc -p tsconfig.build.json (src/cli.ts -> dist/src/cli.js) && duban bundle
# (-> dist/workflow-bundle.js), so workers never bundle workflow code at start.
RUN npm run build && test -f dist/src/cli.js && test -f dist/workflow-bundle.js

# ---- runtime -------------------------------------------------------------------------------------------------
FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    DUBAN_DATA_DIR=/var/lib/duban \
    DUBAN_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
WORKDIR /app
# Code and dependencies belong to root and are read-only for the process; only the data folder is writable.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY seeds ./seeds
RUN mkdir -p /var/lib/duban && chown node:node /var/lib/duban
# The official image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
# `api` answers GET /healthz on PORT; a `worker` has no port and the SDK exits the process when the worker stops for
# good, so a running worker process is a healthy one. PID 1 is `node bin/duban.js <command>` (or an init in front):
# bin/duban.js runs dist/, and a bare `worker` through the worker's own entry (dist/src/worker/main.js), which leaves
# the CLI's modules out of the worker process.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "const a=require('fs').readFileSync('/proc/1/cmdline','utf8').split(String.fromCharCode(0));const i=a.findIndex((s)=>/(cli|duban)[.]js$/.test(s));if(i<0||a[i+1]!=='api')process.exit(0);fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz',{signal:AbortSignal.timeout(4000)}).then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/duban.js"]
CMD ["worker"]
