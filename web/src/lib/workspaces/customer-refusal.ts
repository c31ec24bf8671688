// Where the MSP customer form (Branding and domains → New customer workspace) shows the API's refusals.
import { placeRefusal, type Refusal } from "../graphql/refusal";

/** The fields the form shows problems on (the API's paths `input.name`, `input.slug`, `input.branding.productName`). */
export const CUSTOMER_FORM_FIELDS = ["name", "slug", "productName"] as const;

/**
 * A CONFLICT from createCustomerWorkspace is always the URL name (slugs are unique, names are not), so it
 * goes beside the "Customer URL name" field: until December 5 it was marked on the name, which is not what
 * has to change.
 */
export const CUSTOMER_CONFLICT_FIELD = "slug";

export function placeCustomerRefusal(refusal: Refusal) {
  return placeRefusal(refusal, CUSTOMER_FORM_FIELDS, CUSTOMER_CONFLICT_FIELD);
}
