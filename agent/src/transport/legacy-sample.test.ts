import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { refusesNewerInput } from "./legacy-sample.ts";

// Messages as graphql-js coerces an older API's variables (its errors joined by the client).
const unknownField =
  'Variable "$samples" got invalid value { ts: "2026-12-05T14:53:15Z", synRecv: 1 } at "samples[0]"; Field "syncookiesSent" is not defined by type "TelemetrySampleInput".';
const nullCount =
  'Variable "$samples" got invalid value null at "samples[3].tcpEstablished"; Expected non-nullable type "Int!" not to be null.';

describe("refusesNewerInput", () => {
  it("knows an older API's refusal of the listen-queue fields or of counts not read", () => {
    assert.equal(refusesNewerInput(unknownField), true);
    assert.equal(refusesNewerInput(nullCount), true);
    assert.equal(
      refusesNewerInput('Field "listenOverflows" is not defined by type "TelemetrySampleInput".'),
      true,
    );
  });

  it("does not take other refusals for it (the older shape would drop figures for ten minutes)", () => {
    // Every coercion error prints the sample, socket counts included: only the path or field counts.
    assert.equal(
      refusesNewerInput(
        'Variable "$samples" got invalid value null at "samples[0].rxPps"; Expected non-nullable type "Float!" not to be null. { synRecv: 1, tcpTotal: 2 }',
      ),
      false,
    );
    assert.equal(refusesNewerInput("reportTelemetry: this node was deleted (NOT_FOUND)"), false);
    assert.equal(refusesNewerInput("request body too large (PAYLOAD_TOO_LARGE)"), false);
  });
});
