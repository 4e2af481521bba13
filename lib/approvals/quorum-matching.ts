/**
 * Does a set of people satisfy a set of quorums when each person fills at most one slot?
 * A person counts once whatever roles they hold, so "2 ops AND 1 compliance" is a bipartite
 * matching of people to slots (Kuhn's augmenting paths; sizes here are tiny).
 */
export type TSlotGroup = { quorum: number; members: ReadonlySet<string> };

/** Maps each group index to the people counted for it (a maximum matching). */
export function matchPeopleToGroups(groups: readonly TSlotGroup[], people: readonly string[]): string[][] {
  const slots: number[] = groups.flatMap((g, i) => Array.from({ length: g.quorum }, () => i));
  const slotOwner: (string | undefined)[] = slots.map(() => undefined);
  const tryAssign = (person: string, seen: Set<number>): boolean => {
    for (let s = 0; s < slots.length; s++) {
      if (seen.has(s) || !groups[slots[s]!]!.members.has(person)) continue;
      seen.add(s);
      const owner = slotOwner[s];
      if (owner === undefined || tryAssign(owner, seen)) {
        slotOwner[s] = person;
        return true;
      }
    }
    return false;
  };
  for (const person of new Set(people)) tryAssign(person, new Set());
  const result: string[][] = groups.map(() => []);
  slotOwner.forEach((owner, s) => {
    if (owner !== undefined) result[slots[s]!]!.push(owner);
  });
  return result;
}

/** True when every group's quorum is filled by distinct people. */
export function quorumsMet(groups: readonly TSlotGroup[], people: readonly string[]): boolean {
  const matched = matchPeopleToGroups(groups, people);
  return groups.every((g, i) => matched[i]!.length >= g.quorum);
}
