import pino, { Logger, LoggerOptions } from 'pino';

export type { Logger };

/**
 * The process's logger: JSON lines on stdout (one object per line, `time` in epoch ms, `level` as
 * a number), or pino-pretty's coloured lines when LOG_PRETTY=true and that development-only package
 * is installed. LOG_LEVEL picks the level (default info; silent under jest unless set).
 *
 * What goes in: ids (request, organization, job, connection), operation names, durations,
 * counts and error codes. What never does: tokens, connection settings, SQL parameters, names
 * or e-mail addresses of people; the redact list below is the net under that rule, not the rule.
 */
export function createLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  const options: LoggerOptions = {
    level: env.LOG_LEVEL || (env.JEST_WORKER_ID ? 'silent' : 'info'),
    base: { service: 'hr-directory' },
    redact: {
      paths: [
        'authorization',
        '*.authorization',
        'headers.authorization',
        'headers.cookie',
        'token',
        '*.token',
        'password',
        '*.password',
        'config',
        '*.config',
        'variables',
        '*.variables',
        'params',
        '*.params',
      ],
      censor: '[redacted]',
    },
    serializers: { err: serializeError },
  };
  if (env.LOG_PRETTY === 'true' && prettyAvailable()) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  return pino(options);
}

/** pino-pretty is a development dependency: production installs (npm ci --omit=dev) lack it. */
function prettyAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/**
 * Errors as their class, code and message, and the stack; never the properties a library hangs on
 * them (a pg error carries the statement's parameters, an HTTP error the request's headers).
 */
function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.constructor.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: error.message,
    stack: error.stack,
  };
}

/** The logger every module of this process writes to. */
export const logger: Logger = createLogger();
