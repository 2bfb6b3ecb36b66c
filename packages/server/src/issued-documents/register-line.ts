import type { RegisterKey } from './register.ts';

interface Line {
  /** Settles when the last taker in line holds the register's lock (or left). */
  tail: Promise<void>;
  /** Takers in line (one per document) whose transactions have not finished. */
  pending: number;
  /** The last serial a taker of this process committed, while the line has stayed busy. */
  lastCommitted: number | null;
  /** The last taker's guess (of its last document). */
  lastGuess: Promise<number>;
  /** The last taker's turn: the one behind it may begin its transaction then. */
  lastTurn: Promise<void>;
}

/** A step's place in the lines of the registers its documents number from. */
export interface Place {
  /** Serials this process expects each document to get, by the takers ahead of it (a guess). */
  guesses: number[];
  /**
   * Settles when the taker just ahead has its turn (the one before it holds the lock): this step may
   * begin its transaction and write all but its serials, while the one ahead takes the register.
   */
  mayBegin: Promise<void>;
  /** Settles when every taker ahead of this one, in each of its registers, holds the lock (or left). */
  turn: Promise<void>;
  /** Says this step holds its registers' row locks: the one behind it may begin its transaction. */
  locked(): void;
  /** Leaves the lines: `serials` the step committed with, or null when it rolled back. */
  leave(serials: readonly number[] | null): void;
}

const keyOf = (key: RegisterKey) => `${key.issuingUnitId}\u0000${key.year}\u0000${key.type}`;

/**
 * This process's signing steps per register (sổ đăng ký), in arrival order. A step waits for its
 * turn here, not on the register's row lock, so a queue of signings holds no pool connections
 * (documentless steps would wait behind them for one), and each renders its PDF ahead with the
 * serial it guesses from the steps ahead. Its turn comes when the step ahead holds the register's
 * lock (taken last, just before its commit), and it may begin its transaction one turn earlier (when
 * the one ahead has its turn): its blob and step are written while the one ahead takes the row, so a
 * register's cycle is its numbering statement and commit, not a whole transaction. At most three
 * transactions per register are open (committing, waiting for the row, writing ahead), and only
 * one of this process waits for the row. The row lock decides the serial (across processes too); a wrong guess (a step
 * ahead rolled back, another process issued) costs a second transaction that renders under the lock.
 */
export class RegisterLines {
  private readonly lines = new Map<string, Line>();
  private readonly writeAhead: boolean;

  /** `writeAhead` false: a step may begin its transaction only at its turn (the former way, to compare). */
  constructor(options: { writeAhead: boolean } = { writeAhead: true }) {
    this.writeAhead = options.writeAhead;
  }

  /**
   * Joins the lines of `keys` (one per document, in order) at once, so steps keep one order in every
   * register they share. `lastSerial` reads a register's committed serial when this process has none.
   */
  async join(
    keys: readonly RegisterKey[],
    lastSerial: (key: RegisterKey) => Promise<number>,
  ): Promise<Place> {
    const lines = keys.map((key) => {
      const name = keyOf(key);
      let line = this.lines.get(name);
      if (!line) {
        line = {
          tail: Promise.resolve(),
          pending: 0,
          lastCommitted: null,
          lastGuess: Promise.resolve(0),
          lastTurn: Promise.resolve(),
        };
        this.lines.set(name, line);
      }
      return { name, line, key };
    });
    const distinct = [...new Set(lines.map((each) => each.line))];
    const before = distinct.map((line) => line.tail);
    const mayBegin = Promise.all(distinct.map((line) => line.lastTurn)).then(() => {});
    let reached!: () => void;
    const mine = new Promise<void>((resolve) => (reached = resolve));
    // Two documents of one register: the second is one more taker behind the first.
    // The register's committed serial is read only into an empty line: with steps ahead, one of them
    // may commit between this step's arrival and the read. Steps ahead count from the last serial
    // this process committed, or, before any has, from the first one's reading.
    const joined = lines.map((each) => {
      const { line } = each;
      const ahead = line.pending;
      const guess =
        line.lastCommitted !== null
          ? Promise.resolve(line.lastCommitted + ahead + 1)
          : ahead === 0
            ? lastSerial(each.key).then((serial) => serial + 1)
            : line.lastGuess.then((serial) => serial + 1);
      line.lastGuess = guess.catch(() => 0);
      line.pending += 1;
      line.tail = mine;
      return { ...each, guess };
    });
    const turn = Promise.all(before).then(() => {});
    for (const line of distinct) line.lastTurn = turn;
    // Those behind wait for the ones ahead of this step too, whenever it says it holds the lock.
    const locked = () => void turn.then(reached);
    let left = false;
    const leave = (serials: readonly number[] | null) => {
      if (left) return;
      left = true;
      joined.forEach((each, index) => {
        each.line.pending -= 1;
        const serial = serials?.[index];
        if (serial !== undefined) each.line.lastCommitted = Math.max(each.line.lastCommitted ?? 0, serial);
        // An idle line forgets: another process may issue from the register meanwhile.
        if (each.line.pending === 0 && this.lines.get(each.name) === each.line) this.lines.delete(each.name);
      });
      locked();
    };
    try {
      const guesses = await Promise.all(joined.map((each) => each.guess));
      return { guesses, mayBegin: this.writeAhead ? mayBegin : turn, turn, locked, leave };
    } catch (error) {
      leave(null);
      throw error;
    }
  }
}
