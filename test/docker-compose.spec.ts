import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs here, so the compose file is kept honest by reading it.
const root = join(__dirname, '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));

describe('docker-compose.yml', () => {
  it('runs the app, PostgreSQL, Meilisearch and Redis', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'meilisearch', 'postgres', 'redis']);
  });

  it('pins every image version', () => {
    expect(compose.services.meilisearch.image).toBe('getmeili/meilisearch:v1.21');
    expect(compose.services.postgres.image).toMatch(/^postgres:\d+(\.\d+)?(-[a-z]+)?$/);
    for (const service of Object.values<any>(compose.services)) {
      if (service.image) expect(service.image).not.toMatch(/:latest$|^[^:]+$/);
    }
  });

  it('gives every service a healthcheck and starts the app after healthy dependencies', () => {
    for (const [name, service] of Object.entries<any>(compose.services)) {
      expect({ name, test: service.healthcheck?.test }).toEqual({ name, test: expect.anything() });
    }
    expect(compose.services.app.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      meilisearch: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
  });

  it('keeps data in named volumes', () => {
    const named = Object.keys(compose.volumes ?? {});
    for (const name of ['postgres', 'meilisearch', 'app']) {
      const mounts: string[] = compose.services[name].volumes ?? [];
      expect(mounts.length).toBeGreaterThan(0);
      for (const mount of mounts) expect(named).toContain(mount.split(':')[0]);
    }
  });

  it('points the app at its services through the documented variables', () => {
    const env = compose.services.app.environment;
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    expect(env.MEILI_HOST).toBe('http://meilisearch:7700');
    expect(env.MEILI_API_KEY).toBeDefined();
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    // Required from the environment, never a committed placeholder (the app refuses weak ones).
    expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    expect(compose.services.app.build).toBeDefined();
    const dockerfile = readFileSync(join(root, compose.services.app.build.dockerfile ?? 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:\d+/m);
    expect(dockerfile).toMatch(/npm ci/);
    // The image serves the pages' assets from src/web/assets (see src/web/assets.service.ts).
    expect(dockerfile).toMatch(/COPY --from=build \/app\/src\/web\/assets \.\/src\/web\/assets/);
    // OCR: Debian's tesseract with the field's languages and pdftoppm; the canvas binary (an optional package) kept.
    expect(dockerfile).toMatch(/apt-get install[^\n]*poppler-utils/);
    for (const lang of ['eng', 'fra', 'ara', 'spa', 'deu', 'por']) expect(dockerfile).toContain(`tesseract-ocr-${lang}`);
    expect(dockerfile).not.toMatch(/--omit=optional/);
  });
});
