/** Typed errors. Each sets `name` and keeps the original error in `cause`. Messages never carry secrets. */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** One problem in one knowledge file, located by line. */
export interface KnowledgeProblem {
  file: string;
  line: number;
  message: string;
}

export class KnowledgeError extends Error {
  override name = 'KnowledgeError';
  constructor(
    readonly problems: KnowledgeProblem[],
    options?: ErrorOptions,
  ) {
    super(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'), options);
  }
}

/** Building or opening a snapshot of the knowledge failed (the worker's error is in the message or `cause`). */
export class IndexBuildError extends Error {
  override name = 'IndexBuildError';
}

/** The answer thread failed to decide (it threw, it is gone, or it did not answer in time). */
export class AnswerThreadError extends Error {
  override name = 'AnswerThreadError';
  constructor(
    message: string,
    /** The thread is gone or stuck (answer here instead), rather than `decide` having thrown in it. */
    readonly unavailable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The Zalo Bot API answered `ok: false` (or a non-2xx status). */
export class ZaloApiError extends Error {
  override name = 'ZaloApiError';
  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly description: string,
    options?: ErrorOptions,
  ) {
    super(`Zalo ${method} failed: ${errorCode} ${description}`, options);
  }
}

/** A network failure or timeout talking to a channel API (the request may not have arrived). */
export class ChannelNetworkError extends Error {
  override name = 'ChannelNetworkError';
  constructor(
    readonly method: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${method}: ${message}`, options);
  }
}
