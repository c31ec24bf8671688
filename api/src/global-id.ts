import { decodeGlobalID } from "@pothos/plugin-relay";
import { NotFoundError, ValidationError } from "./errors.ts";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Decodes a relay global ID expected to name a `typename`. Garbage is a validation
 * error; an ID of another type (or not a UUID) is NOT_FOUND, like a missing object.
 */
export function idOf(globalId: string, typename: string, path = "id"): string {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw ValidationError.field(path, "is not a valid ID");
  }
  if (decoded.typename !== typename || !uuid.test(decoded.id)) throw new NotFoundError(typename);
  return decoded.id;
}

export { encodeGlobalID } from "@pothos/plugin-relay";
