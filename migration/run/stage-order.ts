import { objectSpec } from "../model/objects";
import type { PlanStage } from "../plan/types";

/** Tables whose records no other record binds to: connections only link a patient to a practice location. */
const LINK_TABLES = new Set(["connection"]);

/** The stage creates records that later stages may bind to (not an update, not a link). */
const bindable = (stage: PlanStage) => stage.operation !== "update" && !LINK_TABLES.has(stage.table);

/**
 * For each stage of the plan (in dependency order), the earlier stages it must wait for: the stages that
 * create the records it binds to (those of the objects it depends on; not their update stages or links,
 * which create nothing to bind to), the earlier stages writing the same table, and the earlier stages of
 * its own object that create records (a later one builds on them) unless the object's stages are
 * independent. Every other stage may load at the same time, so a stage starts as soon as what it needs has
 * landed: coverages do not wait for the policy holders' update of contacts, nor the guarantor update for
 * the connections.
 */
export function stageDependencies(stages: PlanStage[]): Map<PlanStage, PlanStage[]> {
  const out = new Map<PlanStage, PlanStage[]>();
  stages.forEach((stage, i) => {
    const spec = objectSpec(stage.object);
    const needs = new Set(spec.dependsOn);
    out.set(stage, stages.slice(0, i).filter((earlier) =>
      (needs.has(earlier.object) && bindable(earlier)) ||
      earlier.table === stage.table ||
      (earlier.object === stage.object && bindable(earlier) && !spec.independentStages),
    ));
  });
  return out;
}

/**
 * For each stage, the records of the longest chain of stages that starts with it: its own and those of the
 * stages waiting on it, of the stages waiting on those, and so on. The run's critical path goes through the
 * stage with the most; its chunks are served first (`ChunkSlots`), so the chain behind it starts sooner.
 */
export function chainBehind(stages: PlanStage[], dependencies = stageDependencies(stages)): Map<PlanStage, number> {
  const chain = new Map<PlanStage, number>();
  // Dependents come later in the plan: from the last stage back, each one's dependents are known.
  for (const stage of [...stages].reverse()) {
    const after = stages.filter((later) => dependencies.get(later)?.includes(stage)).map((later) => chain.get(later) ?? 0);
    chain.set(stage, stage.count + Math.max(0, ...after));
  }
  return chain;
}

/** How a stage is run: whether later stages wait for it, and the records of the longest chain it starts. */
export interface StageStanding {
  awaited: boolean;
  chain: number;
}

/**
 * Runs `load` on every stage as soon as the stages it depends on have finished, all at once otherwise
 * (the load shares the run's request places, so running stages side by side does not multiply requests);
 * `standing` tells it whether later stages wait for this one and how much work waits behind it.
 * A stage whose dependency failed does not start. Resolves once every stage has settled; rejects with the
 * first failure in plan order.
 */
export async function loadInOrder(stages: PlanStage[], load: (stage: PlanStage, standing: StageStanding) => Promise<void>): Promise<void> {
  const dependencies = stageDependencies(stages);
  const awaited = new Set([...dependencies.values()].flat());
  const chain = chainBehind(stages, dependencies);
  const running = new Map<PlanStage, Promise<void>>();
  for (const stage of stages) {
    const before = dependencies.get(stage)!.map((d) => running.get(d)!);
    running.set(stage, Promise.all(before).then(() => load(stage, { awaited: awaited.has(stage), chain: chain.get(stage)! })));
  }
  const outcomes = await Promise.allSettled(running.values());
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (failed) throw failed.reason;
}
