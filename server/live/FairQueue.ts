// A queue served round-robin: one item of each session in turn, and within a session one item of each student in
// turn, each student's items in the order they came. One student with many items, or one class with many
// students, delays the others by one item per turn, never by its whole backlog.

export class FairQueue<T> {
  /** Sessions in turn order; within each, students in turn order. Maps keep insertion order: rotating is delete+set. */
  private readonly sessions = new Map<string, Map<string, T[]>>();
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(sessionKey: string, studentKey: string, item: T): void {
    let students = this.sessions.get(sessionKey);
    if (!students) this.sessions.set(sessionKey, (students = new Map<string, T[]>()));
    const items = students.get(studentKey);
    if (items) items.push(item);
    else students.set(studentKey, [item]);
    this.count++;
  }

  /** The next item: the first student of the first session gives one, then both go to the back of their turns. */
  shift(): T | undefined {
    const first = this.sessions.entries().next();
    if (first.done) return undefined;
    const [sessionKey, students] = first.value;
    const [studentKey, items] = students.entries().next().value!;
    const item = items.shift()!;
    this.count--;
    students.delete(studentKey);
    if (items.length > 0) students.set(studentKey, items);
    this.sessions.delete(sessionKey);
    if (students.size > 0) this.sessions.set(sessionKey, students);
    return item;
  }

  /** Removes and returns every item left, in no particular order. */
  drain(): T[] {
    const all: T[] = [];
    for (const students of this.sessions.values()) for (const items of students.values()) all.push(...items);
    this.sessions.clear();
    this.count = 0;
    return all;
  }
}
