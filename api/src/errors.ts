import { GraphQLError } from "graphql";

/**
 * Errors a client can act on. They extend GraphQLError so yoga never masks them and
 * `extensions.code` is always set; mutations also list them as typed union members.
 *
 * They carry no stack trace: they are answers, not faults, and a flood of refused requests
 * (RATE_LIMITED, UNAUTHENTICATED) would otherwise pay for capturing a trace and, once
 * graphql-js reads `stack`, for source-mapping it (the API runs under tsx) on every one.
 */
export class LeveeError extends GraphQLError {
  constructor(
    message: string,
    readonly code: string,
    extensions: Record<string, unknown> = {},
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0; // GraphQLError's constructor does not throw: restored below
    super(message, { extensions: { code, ...extensions } });
    Error.stackTraceLimit = limit;
    this.name = new.target.name;
  }
}

export class AuthenticationError extends LeveeError {
  constructor(message = "Sign in, or send a valid API key, to do this") {
    super(message, "UNAUTHENTICATED", { http: { status: 401 } });
  }
}

export class ForbiddenError extends LeveeError {
  constructor(message = "Your role does not allow this") {
    super(message, "FORBIDDEN");
  }
}

/** Also what a caller gets for another tenant's objects: existence is not revealed. */
export class NotFoundError extends LeveeError {
  constructor(what = "object") {
    super(`No such ${what}`, "NOT_FOUND");
  }
}

export class ConflictError extends LeveeError {
  constructor(message: string) {
    super(message, "CONFLICT");
  }
}

export class RateLimitedError extends LeveeError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests; retry in ${retryAfterSeconds}s`, "RATE_LIMITED", {
      retryAfterSeconds,
      http: { status: 429, headers: { "retry-after": String(retryAfterSeconds) } },
    });
  }
}

/** A dependency (the database) failed; nothing of the request was kept; the same request may be retried. */
export class UnavailableError extends LeveeError {
  constructor(message: string) {
    super(message, "UNAVAILABLE", { retryable: true });
  }
}

export interface FieldError {
  path: string;
  message: string;
}

export class ValidationError extends LeveeError {
  constructor(readonly fieldErrors: FieldError[]) {
    super(
      fieldErrors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join("; "),
      "BAD_USER_INPUT",
      {
        fieldErrors,
      },
    );
  }

  static field(path: string, message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }
}

/** The union members every mutation may return besides its payload. */
export const mutationErrors = [ValidationError, NotFoundError, ForbiddenError, ConflictError];
