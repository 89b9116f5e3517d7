"use client";
// Every student with their live status and connection, and a Kick button that asks first. The table scrolls in
// its own box and mounts only the rows in view (a class of a thousand would otherwise cost the page a thousand
// rows of layout every second); the table still tells assistive technology how many rows it has.
import { memo, useEffect, useRef, useState } from "react";
import type { RosterStudent, RosterView, StudentStatus } from "@downhill/core";
import { formatLoss } from "../../../components/class/format.ts";
import { Button } from "../../../components/ui/Button.tsx";
import { rowWindow, type RowWindow } from "../../../lib/rowWindow.ts";

/** Every roster row is this tall (set on the row), so that the scroll position says which rows are in view. */
const ROW_HEIGHT_PX = 48;
/** Rows mounted beyond each edge of the view. */
const OVERSCAN_ROWS = 6;
/** Until the box has been measured: enough rows to fill a projector's roster. */
const INITIAL_WINDOW: RowWindow = { first: 0, end: 30 };

const STATUS_LABELS: Record<StudentStatus, string> = {
  idle: "idle",
  running: "running",
  verified: "verified",
  diverged: "diverged",
  rejected: "rejected",
  unfinished: "unfinished",
};

interface RowProps {
  readonly student: RosterStudent;
  /** The row's position in the whole roster, from 1 (the header row is 1, so the first student is 2). */
  readonly rowIndex: number;
  readonly onKick: (student: RosterStudent) => void;
}

/** True when two rows look the same: every broadcast sends fresh objects, and most rows have not changed. */
function sameRow(a: RowProps, b: RowProps): boolean {
  const x = a.student;
  const y = b.student;
  return (
    a.onKick === b.onKick &&
    a.rowIndex === b.rowIndex &&
    x.studentId === y.studentId &&
    x.name === y.name &&
    x.status === y.status &&
    x.connected === y.connected &&
    x.kicked === y.kicked &&
    x.runs === y.runs &&
    x.bestLoss === y.bestLoss
  );
}

const Row = memo(function Row({ student, rowIndex, onKick }: RowProps) {
  return (
    <tr
      data-testid="roster-row"
      data-student-id={student.studentId}
      aria-rowindex={rowIndex}
      className={student.kicked ? "is-kicked" : undefined}
      style={{ height: ROW_HEIGHT_PX }}
    >
      <th scope="row">
        <span
          className={`dot ${student.connected ? "dot--on" : "dot--off"}`}
          role="img"
          aria-label={student.connected ? "connected" : "disconnected"}
        />
        {student.name}
      </th>
      <td>
        <span className={`pill pill--${student.kicked ? "kicked" : student.status}`}>
          {student.kicked ? "removed" : STATUS_LABELS[student.status]}
        </span>
      </td>
      <td className="num">{student.runs}</td>
      <td className="num">{formatLoss(student.bestLoss)}</td>
      <td>
        <Button
          variant="danger"
          className="btn--small"
          data-testid={`kick-${student.studentId}`}
          disabled={student.kicked}
          aria-label={`Remove ${student.name} from the session`}
          onClick={() => onKick(student)}
        >
          Kick
        </Button>
      </td>
    </tr>
  );
}, sameRow);

/** The rows of a scroll box in view, kept current as it scrolls or resizes. */
function useRowWindow(count: number) {
  const box = useRef<HTMLDivElement>(null);
  const [rows, setRows] = useState(INITIAL_WINDOW);
  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const update = () => {
      const next = rowWindow(element.scrollTop, element.clientHeight, ROW_HEIGHT_PX, count, OVERSCAN_ROWS);
      setRows((current) => (current.first === next.first && current.end === next.end ? current : next));
    };
    update();
    element.addEventListener("scroll", update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(element);
    return () => {
      element.removeEventListener("scroll", update);
      resize.disconnect();
    };
  }, [count]);
  return { box, rows };
}

export function Roster({ roster, onKick }: { roster: RosterView | null; onKick: (student: RosterStudent) => void }) {
  const students = roster?.students ?? [];
  const { box, rows } = useRowWindow(students.length);
  if (students.length === 0) return <p className="empty">Nobody has joined yet.</p>;
  const first = Math.min(rows.first, students.length);
  const end = Math.min(rows.end, students.length);
  return (
    <div className="table-scroll roster" ref={box}>
      <table className="table" aria-rowcount={students.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Student</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Runs
            </th>
            <th scope="col" className="num">
              Best loss
            </th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {first > 0 ? <tr aria-hidden="true" style={{ height: first * ROW_HEIGHT_PX }} /> : null}
          {students.slice(first, end).map((student, i) => (
            <Row key={student.studentId} student={student} rowIndex={first + i + 2} onKick={onKick} />
          ))}
          {end < students.length ? (
            <tr aria-hidden="true" style={{ height: (students.length - end) * ROW_HEIGHT_PX }} />
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
