import { ConfigError, loadConfig, nestLogLevels } from './app-config';

describe('loadConfig', () => {
  it('has sensible defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, nodeEnv: 'production', logLevel: 'log', seedOnStart: true });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('reads every variable', () => {
    expect(loadConfig({ PORT: '8080', DATA_DIR: '/var/lib/kb', DATABASE_URL: 'postgres://u:p@db:5432/kb', NODE_ENV: 'development', LOG_LEVEL: 'DEBUG', SEED_ON_START: 'false' })).toEqual({
      port: 8080,
      dataDir: '/var/lib/kb',
      databaseUrl: 'postgres://u:p@db:5432/kb',
      nodeEnv: 'development',
      logLevel: 'debug',
      seedOnStart: false,
      meiliHost: undefined,
      meiliApiKey: undefined,
      meiliBinary: undefined,
      meiliIndex: 'catalogue',
    });
  });

  it('reads the search settings', () => {
    expect(loadConfig({ MEILI_HOST: 'http://meilisearch:7700/', MEILI_API_KEY: 'k', MEILI_INDEX: 'kb_test' })).toMatchObject({
      meiliHost: 'http://meilisearch:7700',
      meiliApiKey: 'k',
      meiliIndex: 'kb_test',
    });
    expect(() => loadConfig({ MEILI_API_KEY: 'k' })).toThrow(/MEILI_API_KEY is set without MEILI_HOST/);
    expect(() => loadConfig({ MEILI_HOST: 'meilisearch:7700' })).toThrow(/MEILI_HOST must be an http/);
  });

  it('reports every problem at once, by variable name', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', NODE_ENV: 'staging', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT[\s\S]*DATABASE_URL[\s\S]*NODE_ENV[\s\S]*LOG_LEVEL/);
  });

  it('maps LOG_LEVEL to the Nest levels it includes', () => {
    expect(nestLogLevels('warn')).toEqual(['error', 'warn']);
    expect(nestLogLevels('verbose')).toHaveLength(5);
  });
});
