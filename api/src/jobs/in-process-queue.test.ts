import { InProcessJobQueue } from "./in-process-queue.ts";
import { jobQueueContract } from "./job-queue.contract.ts";

jobQueueContract("in-process", (logger) => new InProcessJobQueue({ logger }));
