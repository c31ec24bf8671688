import { builder } from "./builder.ts";
import {
  AuthenticationError,
  ConflictError,
  type FieldError,
  ForbiddenError,
  type LeveeError,
  NotFoundError,
  RateLimitedError,
  UnavailableError,
  ValidationError,
} from "./errors.ts";

export const ErrorInterface = builder.interfaceRef<LeveeError>("Error").implement({
  description: "A problem the caller can act on; `code` is stable, `message` is for people",
  fields: (t) => ({
    code: t.exposeString("code"),
    message: t.exposeString("message"),
  }),
});

const FieldErrorRef = builder.objectRef<FieldError>("FieldError").implement({
  fields: (t) => ({
    path: t.exposeString("path", { description: "Dotted input path, e.g. input.ownedPrefixes.0" }),
    message: t.exposeString("message"),
  }),
});

for (const ErrorClass of [
  AuthenticationError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  UnavailableError,
]) {
  builder.objectType(ErrorClass, {
    name: ErrorClass.name,
    interfaces: [ErrorInterface],
    isTypeOf: (e) => e instanceof ErrorClass,
  });
}

builder.objectType(ValidationError, {
  name: "ValidationError",
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof ValidationError,
  fields: (t) => ({ fieldErrors: t.field({ type: [FieldErrorRef], resolve: (e) => e.fieldErrors }) }),
});

builder.objectType(RateLimitedError, {
  name: "RateLimitedError",
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof RateLimitedError,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt("retryAfterSeconds") }),
});
