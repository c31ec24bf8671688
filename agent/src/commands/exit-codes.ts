/** sysexits.h codes, so scripts and systemd can tell failures apart. */
export const EXIT = {
  OK: 0,
  FAILURE: 1,
  USAGE: 64,
  /** The API refused what was sent (a host name a node already has, a bad value): sending it again cannot succeed. */
  DATAERR: 65,
  UNAVAILABLE: 69,
  SOFTWARE: 70,
  TEMPFAIL: 75,
  NOPERM: 77,
  CONFIG: 78,
} as const;
