# bonus-pipeline: build the monorepo, keep only the compiled output and production dependencies.
#   docker build -f docker/bonus-pipeline.Dockerfile -t sbonus/bonus-pipeline .
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY tools tools
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
# The heap cap the benchmark measured with: peak RSS stays under 300 MB (docs/benchmarks.md).
ENV NODE_ENV=production HTTP_HOST=0.0.0.0 NODE_OPTIONS="--max-old-space-size=192 --max-semi-space-size=16" MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /src/node_modules node_modules
COPY --from=build /src/dist dist
COPY --from=build /src/package.json package.json

USER node
# Exec form: SIGTERM reaches node itself, so in-flight work drains before the container stops.
# --initial-old-space-size: see tools/infra/pipeline-runtime.ts (node refuses it in NODE_OPTIONS).
CMD ["node", "--initial-old-space-size=96", "-r", "./dist/tools/runtime/register-aliases.js", "dist/apps/bonus-pipeline/src/main.js"]
