/**
 * Error codes shared by server and web. The server maps each code to one HTTP status
 * (server/platform/errors.ts); the web maps `fields` onto form items.
 */
export const ERROR_CODES = [
  "VALIDATION",
  "UNAUTHENTICATED",
  "BAD_CREDENTIALS",
  "LOCKED_OUT",
  "CSRF",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "INVALID_TRANSITION",
  "RATE_LIMITED",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "INTERNAL",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A message key from common/i18n with its interpolation values. */
export interface MessageRef {
  key: string;
  params?: Record<string, string | number>;
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    fields?: Record<string, string>;
  };
}
