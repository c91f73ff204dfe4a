# The Momentum CLI and playground server. Untested: see README ("With Docker").
#   docker build -t momentum .
#   docker run --rm -p 8080:8080 momentum serve --host 0.0.0.0 --port 8080
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# dependencies first (cached while only the sources change); the build runs after COPY
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 8080
ENTRYPOINT ["node", "bin/momentum.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
