import { jobQueueContract } from "../../test/support/job-queue.contract.ts";
import { InProcessJobQueue } from "./in-process-queue.ts";

jobQueueContract("in-process", (logger) => new InProcessJobQueue({ logger }));
