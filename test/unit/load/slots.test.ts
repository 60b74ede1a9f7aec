import { ChunkSlots } from "../../../migration/load/slots";

describe("ChunkSlots", () => {
  it("hands out up to its size, then makes the next wait until a place is given back", async () => {
    const slots = new ChunkSlots(() => 2);
    const first = await slots.acquire();
    await slots.acquire();
    let third = false;
    const waiting = slots.acquire().then((release) => {
      third = true;
      return release;
    });
    await Promise.resolve();
    expect(third).toBe(false);
    first();
    first(); // a second call gives nothing back twice
    (await waiting)();
    expect(third).toBe(true);
    expect(slots.inUse).toBe(1);
  });

  it("follows its size as it changes (the client's concurrency moves with Dataverse's hint)", async () => {
    let size = 1;
    const slots = new ChunkSlots(() => size);
    await slots.acquire();
    size = 2;
    await slots.acquire();
    expect(slots.inUse).toBe(2);
  });

  it("gives a freed place to the waiting stage with the most work behind it, first come first served among equals", async () => {
    const slots = new ChunkSlots(() => 1);
    const first = await slots.acquire();
    const order: string[] = [];
    const wait = (name: string, priority: number) => slots.acquire(priority).then((release) => { order.push(name); release(); });
    const all = Promise.all([wait("leaf", 10), wait("chain", 5_000), wait("leaf-2", 10), wait("middle", 800)]);
    await Promise.resolve();
    expect(order).toEqual([]);
    first();
    await all;
    expect(order).toEqual(["chain", "middle", "leaf", "leaf-2"]);
  });
});
