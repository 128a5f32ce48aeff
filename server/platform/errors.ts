import type { ErrorCode, MessageRef } from "../../common/errors.js";

export interface AppErrorOptions {
  /** Message key (common/i18n) overriding the code's default message. */
  message?: MessageRef;
  /** Per-field problems: field path → message. */
  fields?: Record<string, MessageRef>;
  /** Extra response headers (e.g. Retry-After). */
  headers?: Record<string, string>;
  /**
   * The underlying failure behind a refusal (e.g. the parser's exception behind "unreadable
   * file"): logged by the edge for the operator, never sent to the user.
   */
  cause?: unknown;
}

/** The only error services throw; the edge maps its code to a status and localises its messages. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messageRef: MessageRef;
  readonly fields: Record<string, MessageRef> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, opts: AppErrorOptions = {}) {
    super(opts.message?.key ?? code, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.messageRef = opts.message ?? { key: `error.${code}` };
    this.fields = opts.fields;
    this.headers = opts.headers;
  }
}

/** A VALIDATION error about one field. */
export function fieldError(field: string, key: string, params?: Record<string, string | number>): AppError {
  return new AppError("VALIDATION", { fields: { [field]: { key, params: { field: `field.${field}`, ...params } } } });
}

export function notFound(): AppError {
  return new AppError("NOT_FOUND");
}

export function httpStatus(code: ErrorCode): number {
  switch (code) {
    case "VALIDATION":
      return 400;
    case "UNAUTHENTICATED":
    case "BAD_CREDENTIALS":
      return 401;
    case "CSRF":
    case "FORBIDDEN":
      return 403;
    case "NOT_FOUND":
      return 404;
    case "CONFLICT":
    case "INVALID_TRANSITION":
      return 409;
    case "PAYLOAD_TOO_LARGE":
      return 413;
    case "UNSUPPORTED_MEDIA_TYPE":
      return 415;
    case "LOCKED_OUT":
    case "RATE_LIMITED":
      return 429;
    case "INTERNAL":
      return 500;
    default: {
      const never: never = code;
      return never;
    }
  }
}
