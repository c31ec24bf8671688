import type { Redis } from "ioredis";
/**
 * How long a Redis command on a request's path may go unanswered before the caller goes on
 * without it. A Redis that is down is seen at once (ioredis leaves "ready"), but one that accepts
 * connections and never answers (a stalled or paused server, a partition after the connection
 * was made) stays "ready", and a command sent to it waits without end, with the request behind
 * it. A healthy Redis answers a script call in well under a millisecond, so a second is only
 * ever reached by a Redis in trouble, and is still short enough that an agent's report, held that
 * long once, does not time out.
 */
export const REDIS_ANSWER_MS = 1000;

/** A Redis command that did not answer within its bound (it may still be carried out later). */
export class RedisTimeoutError extends Error {
  constructor(ms: number) {
    super(`Redis did not answer within ${ms} ms`);
    this.name = "RedisTimeoutError";
  }
}

/**
 * `command`'s answer, or a RedisTimeoutError once `ms` passed without one: one timer per call, so
 * gather the commands of a turn before bounding them. The command is not taken back (ioredis has
 * written it; Redis may carry it out when it answers again): its late answer or failure is dropped
 * here, never delivered a second time, and `onLate` is told when it settles, that is, once Redis
 * answers again (or the connection failed it).
 */
export function answerWithin<T>(
  command: Promise<T>,
  options: { ms?: number; onLate?: () => void } = {},
): Promise<T> {
  const ms = options.ms ?? REDIS_ANSWER_MS;
  return new Promise<T>((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new RedisTimeoutError(ms));
    }, ms);
    const settle = () => {
      clearTimeout(timer);
      if (late) options.onLate?.();
    };
    command.then(
      (value) => {
        settle();
        if (!late) resolve(value);
      },
      (error: unknown) => {
        settle();
        if (!late) reject(error);
      },
    );
  });
}

/**
 * Ends a connection for good: QUIT, answered within `ms`, else the socket is dropped. A stalled
 * Redis never answers QUIT, and an unbounded one held the API's close until the process deadline
 * killed it with its database still open.
 */
export async function quitWithin(
  connection: Pick<Redis, "status" | "quit" | "disconnect">,
  ms = REDIS_ANSWER_MS,
): Promise<void> {
  if (connection.status === "end") return; // disconnect() on an ended client arms a ref'd 2 s timer
  await answerWithin(connection.quit(), { ms }).catch(
    () => connection.status !== "end" && connection.disconnect(),
  );
}
