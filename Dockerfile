# Production image of the knowledge base. Build: docker compose build app
FROM node:22-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be fetched
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Optional packages stay: @napi-rs/canvas's binary for this platform is one (it draws PDF pages and
# scales images for OCR). The embedded Meilisearch is one too: the image talks to the meilisearch service.
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev && rm -rf node_modules/@gaubee

FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
# pdftotext (poppler-utils) extracts PDF text page by page, pdf.js (bundled) is its fallback; pdftoppm
# (poppler-utils) draws scanned pages for Debian's tesseract, which recognises them (faster than the
# bundled tesseract.js, with more languages). OCR_ENGINE=tesseract.js uses the bundled engine instead.
RUN apt-get update && apt-get install -y --no-install-recommends poppler-utils \
    tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-ara tesseract-ocr-spa tesseract-ocr-deu tesseract-ocr-por tesseract-ocr-rus \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The pages' CSS and scripts (served by the app under hashed names)
COPY --from=build /app/src/web/assets ./src/web/assets
COPY package.json schema.graphql ./
COPY seeds ./seeds
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/main.js"]
